//! `cargo xtask bench`: native throughput of the engines on realistic pipelines, each figure
//! beside its budget from the issues.

mod browser;
mod kafka;
mod rabbit;

/// One measured figure.
pub struct Row {
    pub name: &'static str,
    pub value: f64,
    pub unit: &'static str,
    /// The budget and whether larger is better.
    pub budget: Option<(f64, Better)>,
}

#[derive(Clone, Copy)]
pub enum Better {
    Higher,
    Lower,
}

impl Row {
    fn verdict(&self) -> &'static str {
        match self.budget {
            None => "",
            Some((b, Better::Higher)) if self.value >= b => "ok",
            Some((b, Better::Lower)) if self.value <= b => "ok",
            Some(_) => "OVER BUDGET",
        }
    }
}

pub fn run(args: &[String]) -> crate::Result {
    let mut rows = kafka::measure();
    rows.extend(rabbit::measure());
    if args.iter().any(|a| a == "--browser") {
        crate::toolchain::ensure(crate::toolchain::Need::All)?;
        let native = rows.first().map(|r| r.value).unwrap_or(f64::NAN);
        rows.extend(browser::measure(native)?);
    }
    print(&rows);
    let over: Vec<_> = rows
        .iter()
        .filter(|r| r.verdict() == "OVER BUDGET")
        .map(|r| r.name)
        .collect();
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!("over budget: {}", over.join(", ")))
    }
}

fn print(rows: &[Row]) {
    println!(
        "{:<48} {:>16} {:<10} {:>16}",
        "figure", "measured", "unit", "budget"
    );
    // Small figures (milliseconds, frame times) keep a decimal: 16.7 and 17 differ.
    let figure = |v: f64| {
        if v.abs() < 100.0 {
            format!("{v:.1}")
        } else {
            format!("{v:.0}")
        }
    };
    for r in rows {
        let budget = match r.budget {
            Some((b, Better::Higher)) => format!(">= {}", figure(b)),
            Some((b, Better::Lower)) => format!("<= {}", figure(b)),
            None => String::new(),
        };
        println!(
            "{:<48} {:>16} {:<10} {:>16} {}",
            r.name,
            figure(r.value),
            r.unit,
            budget,
            r.verdict()
        );
    }
}
