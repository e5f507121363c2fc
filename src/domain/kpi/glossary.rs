//! The KPI glossary: every definition and rule written once, in English and Persian.
//!
//! The dashboard shows these texts on its cards and glossary page, and `docs/kpis.md` is generated
//! from them (a test fails when the file drifts; `KARIZ_BLESS=1 cargo test` rewrites it).

use crate::domain::model::Language;

/// One glossary entry: a KPI or a counting rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Stable id (also the KPI card's id).
    pub id: &'static str,
    /// Name in English and Persian.
    pub name: [&'static str; 2],
    /// What it measures, the formula and why it matters, in English and Persian.
    pub text: [&'static str; 2],
}

impl Entry {
    /// The name in a language.
    pub fn name(&self, lang: Language) -> &'static str {
        self.name[lang as usize]
    }

    /// The definition in a language.
    pub fn text(&self, lang: Language) -> &'static str {
        self.text[lang as usize]
    }
}

/// Every KPI, in dashboard order.
pub const KPIS: &[Entry] = &[
    Entry {
        id: "visitor-lead",
        name: ["Visitor → lead", "بازدیدکننده ← سرنخ"],
        text: [
            "Leads (deals first contacted in the period) ÷ visitors entered for the period. A visitor entry that only partly overlaps the period counts pro rata by days; with a source filter only that source's visitors and leads count. Shows how well the site turns traffic into interest.",
            "سرنخ‌ها (معامله‌هایی که اولین تماسشان در بازه است) ÷ بازدیدکنندگان ثبت‌شده برای بازه. ورودی بازدیدی که فقط بخشی از بازه را می‌پوشاند به نسبت روز حساب می‌شود؛ با فیلتر منبع فقط بازدیدها و سرنخ‌های همان منبع شمرده می‌شوند. نشان می‌دهد سایت چقدر ترافیک را به علاقه‌مندی تبدیل می‌کند.",
        ],
    },
    Entry {
        id: "step",
        name: ["Stage conversion (cohort)", "نرخ تبدیل مرحله (هم‌گروه)"],
        text: [
            "Of the deals first contacted in the period, reached(next stage) ÷ reached(stage); cumulative rate = reached(stage) ÷ leads. The funnel is the open stages in order, then the won stage. Lead → MQL, MQL → SQL and SQL → customer are the article's conversion rates: a low one is the block to work on.",
            "از معامله‌هایی که اولین تماسشان در بازه است، رسیده‌ها به مرحلهٔ بعد ÷ رسیده‌ها به این مرحله؛ نرخ تجمعی = رسیده‌ها به مرحله ÷ سرنخ‌ها. قیف همان مرحله‌های باز به ترتیب و سپس مرحلهٔ برد است. سرنخ ← MQL، MQL ← SQL و SQL ← مشتری همان نرخ‌های تبدیل مقاله‌اند: هر کدام پایین باشد، گلوگاه همان‌جاست.",
        ],
    },
    Entry {
        id: "step-period",
        name: ["Stage conversion (period)", "نرخ تبدیل مرحله (دوره‌ای)"],
        text: [
            "Deals that entered each stage during the period, in any order and whatever their first-contact date; step = entered(next) ÷ entered(stage). It shows this period's activity, so a step can exceed 100% when earlier leads mature.",
            "معامله‌هایی که در این بازه وارد هر مرحله شدند، به هر ترتیب و با هر تاریخ اولین تماس؛ گام = واردشده‌ها به مرحلهٔ بعد ÷ واردشده‌ها به این مرحله. فعالیت همین بازه را نشان می‌دهد، پس وقتی سرنخ‌های قدیمی‌تر به ثمر می‌رسند ممکن است از ۱۰۰٪ بیشتر شود.",
        ],
    },
    Entry {
        id: "transition-time",
        name: ["Time between stages", "زمان بین مرحله‌ها"],
        text: [
            "For each step, days from first entering a stage to first entering the next, for steps completed in the period: median, mean, 90th percentile (nearest rank) and count. Shows how and when leads convert.",
            "برای هر گام، روزهای میان اولین ورود به یک مرحله تا اولین ورود به مرحلهٔ بعد، برای گام‌هایی که در بازه کامل شدند: میانه، میانگین، صدک ۹۰ (نزدیک‌ترین رتبه) و تعداد. نشان می‌دهد سرنخ‌ها چگونه و کی تبدیل می‌شوند.",
        ],
    },
    Entry {
        id: "stuck",
        name: ["Stuck deal", "معاملهٔ گیرکرده"],
        text: [
            "An open deal that has been in its current stage longer than 90% of the deals that left that stage (needs at least 5 of them). These are the deals to call today.",
            "معاملهٔ بازی که بیش از ۹۰٪ معامله‌هایی که از این مرحله گذشته‌اند در مرحلهٔ فعلی مانده است (دست‌کم ۵ نمونه لازم است). این‌ها معامله‌هایی‌اند که امروز باید پیگیری شوند.",
        ],
    },
    Entry {
        id: "cycle",
        name: ["Sales-cycle length", "طول چرخهٔ فروش"],
        text: [
            "Days from first contact to the win, for deals won in the period: mean (the article's average), median, 90th percentile and count, also split by source and by owner. Knowing it, and the leads you have now, you can estimate how many deals will close.",
            "روزهای اولین تماس تا برد، برای معامله‌هایی که در بازه برده شدند: میانگین (همان میانگین مقاله)، میانه، صدک ۹۰ و تعداد، به تفکیک منبع و مسئول. با دانستن آن و سرنخ‌های فعلی می‌توان پیش‌بینی کرد چند معامله بسته خواهد شد.",
        ],
    },
    Entry {
        id: "cycle-closed",
        name: ["Cycle length, won and lost", "طول چرخه، برده و باخته"],
        text: [
            "The same days from first contact, for all deals closed in the period, won or lost. It shows how long a lead occupies the team, whatever the outcome.",
            "همان روزها از اولین تماس، برای همهٔ معامله‌هایی که در بازه بسته شدند، برده یا باخته. نشان می‌دهد هر سرنخ، با هر نتیجه‌ای، چه مدت وقت تیم را می‌گیرد.",
        ],
    },
    Entry {
        id: "win-rate",
        name: ["Win rate", "نرخ برد"],
        text: [
            "Won ÷ (won + lost), among deals closed in the period. How often the team's effort ends in a customer.",
            "برده ÷ (برده + باخته) در میان معامله‌هایی که در بازه بسته شدند. نشان می‌دهد تلاش تیم چند بار به مشتری می‌رسد.",
        ],
    },
    Entry {
        id: "avg-deal-size",
        name: ["Average deal size", "میانگین اندازهٔ معامله"],
        text: [
            "Mean value of the deals won in the period, in the display currency; zero-value deals are left out because zero usually means the value was never entered.",
            "میانگین ارزش معامله‌های برده‌شده در بازه، به ارز نمایش؛ معامله‌های با ارزش صفر کنار گذاشته می‌شوند چون صفر معمولاً یعنی ارزش وارد نشده است.",
        ],
    },
    Entry {
        id: "open-deals",
        name: ["Deals in the pipeline", "معامله‌های داخل کاریز"],
        text: [
            "Open deals (current stage is open) at the end of the period, or today if the period has not ended; also per stage with value and age. Tells whether there are enough active leads to reach quota.",
            "معامله‌های باز (مرحلهٔ فعلی باز) در پایان بازه، یا امروز اگر بازه تمام نشده است؛ به تفکیک مرحله با ارزش و سن. نشان می‌دهد آیا سرنخ فعال کافی برای رسیدن به سهمیه هست.",
        ],
    },
    Entry {
        id: "pipeline-value",
        name: ["Pipeline value", "ارزش کاریز"],
        text: [
            "Total value of the open deals at or beyond the qualified stage (SQL by default, set in settings), at the end of the period. The article: the estimated value of all qualified leads in the pipeline.",
            "مجموع ارزش معامله‌های باز در مرحلهٔ واجد شرایط (پیش‌فرض SQL) یا پس از آن، در پایان بازه. به تعبیر مقاله: ارزش تخمینی همهٔ سرنخ‌های واجد شرایط داخل کاریز.",
        ],
    },
    Entry {
        id: "weighted-pipeline",
        name: ["Weighted pipeline", "ارزش وزنی کاریز"],
        text: [
            "Σ value × P(win | stage) over open deals. P is learned from the team's closed deals: of those that passed the stage, the share won, smoothed toward the stage's default probability as (won + 10 × default) ÷ (closed + 10), so a stage with little history leans on its default.",
            "مجموع ارزش × احتمال برد در آن مرحله، روی معامله‌های باز. احتمال از معامله‌های بسته‌شدهٔ خود تیم یاد گرفته می‌شود: از آن‌هایی که از مرحله گذشتند، سهم برده‌ها، که به‌صورت (برده + ۱۰ × پیش‌فرض) ÷ (بسته + ۱۰) به احتمال پیش‌فرض مرحله نزدیک می‌شود تا مرحلهٔ کم‌سابقه به پیش‌فرضش تکیه کند.",
        ],
    },
    Entry {
        id: "velocity",
        name: ["Sales velocity", "سرعت فروش"],
        text: [
            "Qualified open deals × win rate × average deal size ÷ mean cycle length: the value the pipeline produces per day. Raise the first three or shorten the cycle to sell faster.",
            "معامله‌های باز واجد شرایط × نرخ برد × میانگین اندازهٔ معامله ÷ میانگین طول چرخه: ارزشی که کاریز در هر روز تولید می‌کند. برای فروش سریع‌تر سه عامل اول را بالا ببرید یا چرخه را کوتاه کنید.",
        ],
    },
    Entry {
        id: "attainment",
        name: ["Quota attainment", "تحقق سهمیه"],
        text: [
            "Won value ÷ revenue goal and won deals ÷ deal goal, for the period. Goals that only partly overlap the period count pro rata by days; with an owner filter, those owners' goals count, otherwise the team's.",
            "ارزش برده ÷ هدف درآمد و تعداد برده ÷ هدف تعداد، برای بازه. هدف‌هایی که بخشی از بازه را می‌پوشانند به نسبت روز حساب می‌شوند؛ با فیلتر مسئول، هدف‌های همان افراد و در غیر این صورت هدف تیم.",
        ],
    },
    Entry {
        id: "coverage",
        name: ["Pipeline coverage", "پوشش کاریز"],
        text: [
            "Open qualified value expected to close by the period's end ÷ quota still to win. Coverage needed ≈ 1 ÷ win rate: below it, the pipeline cannot fill the gap.",
            "ارزش معامله‌های باز واجد شرایط که انتظار می‌رود تا پایان بازه بسته شوند ÷ سهمیهٔ باقی‌مانده. پوشش لازم ≈ ۱ ÷ نرخ برد: کمتر از آن، کاریز نمی‌تواند شکاف را پر کند.",
        ],
    },
    Entry {
        id: "leads-needed",
        name: ["Leads needed", "سرنخ موردنیاز"],
        text: [
            "Quota still to win ÷ (lead → customer rate of the trailing 365 days × average deal size), rounded up: the article's question whether there are enough leads to reach quota.",
            "سهمیهٔ باقی‌مانده ÷ (نرخ سرنخ به مشتری در ۳۶۵ روز گذشته × میانگین اندازهٔ معامله)، رو به بالا گرد شده: همان پرسش مقاله که آیا سرنخ کافی برای رسیدن به سهمیه داریم.",
        ],
    },
    Entry {
        id: "forecast",
        name: ["Forecast", "پیش‌بینی"],
        text: [
            "Expected wins and revenue in the next 30, 60 and 90 days: each open deal counts P(win | stage) × P(won within the horizon), both from the team's history and given the days it has already waited in its stage, plus new leads at the last 90 days' inflow, won as fast as last year's leads. The 80% range is mean ± 1.28 standard deviations.",
            "تعداد و درآمد برد موردانتظار در ۳۰، ۶۰ و ۹۰ روز آینده: هر معاملهٔ باز به اندازهٔ احتمال برد در مرحله‌اش × احتمال برد در این افق حساب می‌شود (هر دو از سابقهٔ تیم و با در نظر گرفتن روزهایی که در مرحله مانده است)، به‌علاوهٔ سرنخ‌های تازه با نرخ ورود ۹۰ روز گذشته و سرعت برد سرنخ‌های سال گذشته. بازهٔ ۸۰٪ برابر میانگین ± ۱٫۲۸ انحراف معیار است.",
        ],
    },
    Entry {
        id: "bottleneck",
        name: ["Bottleneck", "گلوگاه"],
        text: [
            "The step whose cohort conversion fell most below its rate over the three previous periods of the same length (at least 5 deals on each side); for all time, the step that converts worst. Also the slowest step by median days.",
            "گامی که نرخ تبدیل هم‌گروهش بیشترین افت را نسبت به سه بازهٔ هم‌اندازهٔ قبلی داشته است (دست‌کم ۵ معامله در هر طرف)؛ برای همهٔ زمان‌ها، گامی که کمترین نرخ تبدیل را دارد. همچنین کندترین گام بر پایهٔ میانهٔ روزها.",
        ],
    },
    Entry {
        id: "delta",
        name: ["Change", "تغییر"],
        text: [
            "Each headline figure is compared with the previous period of the same length: (this − previous) ÷ previous. It is n/a when the previous value is zero or missing, never infinity.",
            "هر عدد اصلی با بازهٔ هم‌اندازهٔ قبلی مقایسه می‌شود: (این بازه − قبلی) ÷ قبلی. اگر مقدار قبلی صفر یا نامعلوم باشد «نامشخص» نشان داده می‌شود، نه بی‌نهایت.",
        ],
    },
];

/// Counting rules for the cases real data throws at the engine.
pub const RULES: &[Entry] = &[
    Entry {
        id: "rule-skipped",
        name: ["Skipped stages", "مرحله‌های جاافتاده"],
        text: [
            "A deal that reached a later stage counts as having passed every earlier funnel stage, even if it skipped one (a lead qualified on the first call).",
            "معامله‌ای که به مرحلهٔ بالاتری رسیده، از همهٔ مرحله‌های پیشین قیف گذشته حساب می‌شود، حتی اگر یکی را جا انداخته باشد (سرنخی که در اولین تماس واجد شرایط شد).",
        ],
    },
    Entry {
        id: "rule-backwards",
        name: ["Moves backwards", "برگشت به عقب"],
        text: [
            "A deal moved back still counts as having reached the furthest stage it entered; times between stages use the first entry into each stage.",
            "معامله‌ای که به عقب برگشته همچنان تا دورترین مرحله‌ای که وارد شده رسیده حساب می‌شود؛ زمان بین مرحله‌ها با اولین ورود به هر مرحله سنجیده می‌شود.",
        ],
    },
    Entry {
        id: "rule-reopened",
        name: ["Reopened deals", "معامله‌های بازگشایی‌شده"],
        text: [
            "A deal reopened after being won or lost counts by its current state: it is open again, and its earlier close is not counted as a win, a loss or a cycle; in the cohort funnel it still counts as having reached the stages it entered.",
            "معامله‌ای که پس از برد یا باخت بازگشایی شده بر اساس وضعیت فعلی‌اش شمرده می‌شود: دوباره باز است و بستن قبلی‌اش برد، باخت یا چرخه حساب نمی‌شود؛ اما در قیف هم‌گروه همچنان به مرحله‌هایی که وارد شده رسیده حساب می‌شود.",
        ],
    },
    Entry {
        id: "rule-first-contact",
        name: ["First contact", "اولین تماس"],
        text: [
            "Every deal has a first-contact date; if it is later than the deal's first stage event, the event's date is used, because the log is the evidence.",
            "هر معامله تاریخ اولین تماس دارد؛ اگر از اولین رویداد مرحلهٔ معامله دیرتر باشد، تاریخ رویداد به کار می‌رود، چون سابقهٔ مرحله‌ها سند است.",
        ],
    },
    Entry {
        id: "rule-zero-value",
        name: ["Zero-value deals", "معامله‌های بدون ارزش"],
        text: [
            "Deals with value zero count in every count and rate, add nothing to values, and are left out of the average deal size.",
            "معامله‌های با ارزش صفر در همهٔ شمارش‌ها و نرخ‌ها حساب می‌شوند، چیزی به ارزش‌ها نمی‌افزایند و از میانگین اندازهٔ معامله کنار گذاشته می‌شوند.",
        ],
    },
    Entry {
        id: "rule-currency",
        name: ["Other currencies", "ارزهای دیگر"],
        text: [
            "Values add up only in the display currency; deals in other currencies count in counts and rates but are never converted into values.",
            "ارزش‌ها فقط به ارز نمایش جمع می‌شوند؛ معامله‌های با ارز دیگر در شمارش‌ها و نرخ‌ها حساب می‌شوند اما هرگز تبدیل و به ارزش‌ها افزوده نمی‌شوند.",
        ],
    },
    Entry {
        id: "rule-future",
        name: ["Future-dated events", "رویدادهای آینده"],
        text: [
            "A stage event dated after the day a figure is computed for (the period's end, or today) has not happened yet and is ignored.",
            "رویداد مرحله‌ای که تاریخش پس از روز محاسبه (پایان بازه یا امروز) است هنوز رخ نداده و نادیده گرفته می‌شود.",
        ],
    },
    Entry {
        id: "rule-order",
        name: ["Events out of order", "رویدادهای نامرتب"],
        text: [
            "Stage events must be in date order; stored or imported data with a deal whose events go back in time is refused, naming the deal, rather than guessed at.",
            "رویدادهای مرحله باید به ترتیب تاریخ باشند؛ داده‌ای که معامله‌ای با رویدادهای رو به عقب دارد، با ذکر نام معامله رد می‌شود و حدس زده نمی‌شود.",
        ],
    },
    Entry {
        id: "rule-empty",
        name: ["Periods without data", "بازه‌های بدون داده"],
        text: [
            "A rate whose denominator is zero, and a mean over no deals, is shown as n/a, never as 0% or infinity.",
            "نرخی که مخرجش صفر است و میانگینی که روی هیچ معامله‌ای نیست «نامشخص» نشان داده می‌شود، نه ۰٪ یا بی‌نهایت.",
        ],
    },
    Entry {
        id: "rule-filters",
        name: ["Filters", "فیلترها"],
        text: [
            "Source and owner filters keep the deals with that source or owner; the stage filter keeps deals by their current stage. Every KPI, including the previous period and the forecast, is computed on the filtered deals.",
            "فیلتر منبع و مسئول معامله‌های همان منبع یا مسئول را نگه می‌دارد؛ فیلتر مرحله معامله‌ها را بر اساس مرحلهٔ فعلی نگه می‌دارد. همهٔ شاخص‌ها، از جمله بازهٔ قبلی و پیش‌بینی، روی معامله‌های فیلترشده محاسبه می‌شوند.",
        ],
    },
];

/// The glossary entry with this id.
pub fn entry(id: &str) -> Option<&'static Entry> {
    KPIS.iter().chain(RULES).find(|e| e.id == id)
}

/// The glossary as Markdown (the content of `docs/kpis.md`).
pub fn markdown() -> String {
    let mut out = String::from(
        "# KPI definitions\n\n\
         <!-- Generated from src/domain/kpi/glossary.rs by `KARIZ_BLESS=1 cargo test`; do not edit by hand. -->\n\n\
         Every figure on the Kariz dashboard is computed in the browser from each deal's **stage-event\n\
         log** (every stage it entered, with the day it entered it). The vocabulary is the source\n\
         article's: visitor, lead, MQL, SQL (opportunity), customer, sales cycle, pipeline (*kariz*).\n\
         Periods are whole civil days, inclusive at both ends; a period's figures are as of its last day\n\
         (or today, if that is earlier). Each rule has tests in `src/domain/kpi/`.\n\n## KPIs\n",
    );
    let section = |out: &mut String, entries: &[Entry]| {
        for e in entries {
            out.push_str(&format!(
                "\n### {}\n{}\n\n> {} — {}\n",
                e.name[0], e.text[0], e.name[1], e.text[1]
            ));
        }
    };
    section(&mut out, KPIS);
    out.push_str("\n## Counting rules\n");
    section(&mut out, RULES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_texts_complete() {
        let all: Vec<_> = KPIS.iter().chain(RULES).collect();
        for (i, e) in all.iter().enumerate() {
            assert!(
                all[..i].iter().all(|o| o.id != e.id),
                "duplicate id {}",
                e.id
            );
            for lang in [Language::En, Language::Fa] {
                assert!(
                    !e.name(lang).is_empty() && e.text(lang).len() > 40,
                    "{} incomplete in {lang:?}",
                    e.id
                );
            }
        }
    }

    /// `docs/kpis.md` must be exactly what the glossary generates, so the two cannot drift.
    #[test]
    fn docs_match_the_glossary() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/kpis.md");
        let generated = markdown();
        if std::env::var_os("KARIZ_BLESS").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/kpis.md is stale: run `KARIZ_BLESS=1 cargo test docs_match_the_glossary`"
        );
    }
}
