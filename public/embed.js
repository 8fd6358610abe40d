/* Broker Playground embed loader.
 *
 * <div data-broker-playground data-lesson="keys" data-step="2" data-lang="ko"></div>
 * <script src="https://your.host/playground/embed.js" defer></script>
 *
 * Turns each such element into a lazily loaded iframe of the playground in embed mode that
 * sizes itself to its content. Optional attributes: data-step, data-lang (ko|en),
 * data-scenario, data-page (kafka|rabbit|compare), data-readonly, data-autoplay, data-title.
 *
 * Messages (window.postMessage), all objects with a string `type`:
 *   widget -> page: {type: "broker-playground:height", height: <px>}
 *   page -> widget: {type: "broker-playground:setLang", lang: "ko" | "en"}
 *                   {type: "broker-playground:goToStep", step: <1-based integer>}
 * The loader only reads messages from its own iframes' windows and origin.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL('./', script ? script.src : location.href);
  var PARAMS = ['lesson', 'step', 'lang', 'scenario', 'page'];
  var FLAGS = ['readonly', 'autoplay'];
  var frames = [];

  function srcFor(el) {
    var url = new URL('./', base);
    url.searchParams.set('embed', '1');
    PARAMS.forEach(function (p) {
      var v = el.getAttribute('data-' + p);
      if (v) url.searchParams.set(p, v);
    });
    FLAGS.forEach(function (p) {
      if (el.hasAttribute('data-' + p) && el.getAttribute('data-' + p) !== 'false') url.searchParams.set(p, '1');
    });
    return url.toString();
  }

  function mount(el) {
    if (el.getAttribute('data-broker-playground-mounted')) return;
    el.setAttribute('data-broker-playground-mounted', '1');
    var frame = document.createElement('iframe');
    var lang = el.getAttribute('data-lang') === 'ko' ? 'ko' : 'en';
    frame.title = el.getAttribute('data-title') || (lang === 'ko' ? '브로커 플레이그라운드' : 'Broker Playground');
    frame.setAttribute('loading', 'lazy');
    frame.style.cssText = 'display:block;width:100%;border:0;height:' + (parseInt(el.getAttribute('data-height'), 10) || 480) + 'px';
    frame.setAttribute('scrolling', 'no');
    el.appendChild(frame);
    frames.push(frame);
    var load = function () { if (!frame.src) frame.src = srcFor(el); };
    if ('IntersectionObserver' in window) {
      var io = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { load(); io.disconnect(); }
      }, { rootMargin: '400px' });
      io.observe(el);
    } else {
      load();
    }
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== base.origin) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'broker-playground:height') return;
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0) return;
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = Math.ceil(Math.min(height, 20000)) + 'px';
    });
  });

  function scan() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-broker-playground]'), mount);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
})();
