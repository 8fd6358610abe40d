/* The demo post's language: ?lang=ko|en (Korean by default), switched in place by the buttons.
 * The text blocks are shown by CSS from <html lang>; the widgets are told with the documented
 * setLang message once loaded, and the ones not loaded yet take the language when they load
 * (embed.js reads data-lang then). Runs before embed.js (both deferred, in order). */
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var lang = params.get('lang') === 'en' ? 'en' : 'ko';

  function apply(next, tell) {
    lang = next;
    document.documentElement.lang = lang;
    var title = document.querySelector('title');
    if (title && title.getAttribute('data-' + lang)) document.title = title.getAttribute('data-' + lang);
    document.querySelectorAll('[data-set-lang]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-set-lang') === lang));
    });
    document.querySelectorAll('[data-broker-playground]').forEach(function (el) {
      el.setAttribute('data-lang', lang);
      var t = el.getAttribute('data-title-' + lang);
      if (t) el.setAttribute('data-title', t);
      var frame = el.querySelector('iframe');
      if (frame && t) frame.title = t;
      if (frame && frame.src && tell) tell(frame);
    });
    document.querySelectorAll('iframe.playground').forEach(function (frame) {
      var t = frame.getAttribute('data-title-' + lang);
      if (t) frame.title = t;
      if (tell) tell(frame);
      else {
        // Before it is shown: the plain iframe's own URL names the language. A fresh element,
        // because the browser may already be fetching the first URL of a lazy iframe.
        var url = new URL(frame.getAttribute('src'), location.href);
        if (url.searchParams.get('lang') !== lang) {
          url.searchParams.set('lang', lang);
          var fresh = frame.cloneNode(false);
          fresh.setAttribute('src', url.pathname + url.search);
          frame.replaceWith(fresh);
        }
      }
    });
  }

  function tell(frame) {
    if (!frame.contentWindow) return;
    var origin = new URL(frame.src, location.href).origin;
    frame.contentWindow.postMessage({ type: 'broker-playground:setLang', lang: lang }, origin);
  }

  apply(lang, null);
  document.querySelectorAll('[data-set-lang]').forEach(function (b) {
    b.addEventListener('click', function () {
      apply(b.getAttribute('data-set-lang'), tell);
      var url = new URL(location.href);
      url.searchParams.set('lang', lang);
      history.replaceState(null, '', url.pathname + url.search + url.hash);
    });
  });
})();
