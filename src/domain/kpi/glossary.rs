//! The KPI glossary: every definition and rule written once, in English and Persian.
//!
//! The dashboard shows these texts on its cards and glossary page, and `docs/kpis.md` is generated
//! from them (a test fails when the file drifts; `KARIZ_BLESS=1 cargo test` rewrites it).

use crate::model::Language;

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
            "Deals that entered each stage during the period, in any order and whatever their first-contact date; step = entered(next) ÷ entered(stage). A move past stages (lead straight to SQL) also counts as entering the skipped ones that day, as in the cohort funnel; each deal counts once per stage. It shows this period's activity, so a step can exceed 100% when earlier leads mature.",
            "معامله‌هایی که در این بازه وارد هر مرحله شدند، به هر ترتیب و با هر تاریخ اولین تماس؛ گام = واردشده‌ها به مرحلهٔ بعد ÷ واردشده‌ها به این مرحله. پرش از روی مرحله‌ها (از سرنخ مستقیم به SQL) ورود به مرحله‌های جاافتاده در همان روز هم شمرده می‌شود، مانند قیف هم‌گروه؛ هر معامله در هر مرحله یک بار شمرده می‌شود. فعالیت همین بازه را نشان می‌دهد، پس وقتی سرنخ‌های قدیمی‌تر به ثمر می‌رسند ممکن است از ۱۰۰٪ بیشتر شود.",
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
            "An open deal whose current stay in its stage is longer than the 90th percentile (nearest rank) of the time deals spent in that stage before moving on. Each deal gives one figure per stage, its completed stays there added up, so a deal that bounced back and forth does not count twice; a stage needs at least 5 such deals. These are the deals to call today.",
            "معاملهٔ بازی که ماندن فعلی‌اش در مرحله از صدک ۹۰ (نزدیک‌ترین رتبه) زمانی که معامله‌ها پیش از رفتن از این مرحله در آن ماندند بیشتر است. هر معامله برای هر مرحله یک عدد می‌دهد، جمع ماندن‌های کامل‌شده‌اش در آن، پس معامله‌ای که رفت و برگشت کرده دو بار شمرده نمی‌شود؛ هر مرحله دست‌کم ۵ معامله از این دست لازم دارد. این‌ها معامله‌هایی‌اند که امروز باید پیگیری شوند.",
        ],
    },
    Entry {
        id: "cycle",
        name: ["Sales-cycle length", "طول چرخهٔ فروش"],
        text: [
            "Days from first contact to the win, for deals won in the period: mean (the article's average), median, 90th percentile and count, also split by source, by owner and by deal type. Knowing it, and the leads you have now, you can estimate how many deals will close.",
            "روزهای اولین تماس تا برد، برای معامله‌هایی که در بازه برده شدند: میانگین (همان میانگین مقاله)، میانه، صدک ۹۰ و تعداد، به تفکیک منبع، مسئول و نوع معامله. با دانستن آن و سرنخ‌های فعلی می‌توان پیش‌بینی کرد چند معامله بسته خواهد شد.",
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
            "Σ value × P(win | stage) over the same deals as the pipeline value (open, at or beyond the qualified stage), so it is never larger than the pipeline value. P(win | stage) is learned from your own deals closed so far: of those that reached the stage, the share won, smoothed toward the stage's default probability as if 10 more closed deals had behaved like it: (won + 10 × default) ÷ (closed + 10).",
            "Σ ارزش × احتمال برد در مرحله، روی همان معامله‌های ارزش کاریز (باز، در مرحلهٔ واجد شرایط یا بعد از آن)، پس هرگز از ارزش کاریز بیشتر نمی‌شود. احتمال برد هر مرحله از معامله‌های بسته‌شدهٔ خود شما یاد گرفته می‌شود: از آن‌هایی که به این مرحله رسیدند، سهم برده‌ها، که به سمت احتمال پیش‌فرض مرحله هموار می‌شود گویی ۱۰ معاملهٔ بستهٔ دیگر مانند آن رفتار کرده‌اند: (برده‌ها + ۱۰ × پیش‌فرض) ÷ (بسته‌ها + ۱۰).",
        ],
    },
    Entry {
        id: "velocity",
        name: ["Sales velocity", "سرعت فروش"],
        text: [
            "Qualified open deals × win rate × average deal size ÷ mean cycle length: the value the pipeline produces per day. It is n/a when any part is missing, and when the mean cycle is 0 days (every deal won on its first day: no rate per day can be told). Raise the first three or shorten the cycle to sell faster.",
            "معامله‌های باز واجد شرایط × نرخ برد × میانگین اندازهٔ معامله ÷ میانگین طول چرخه: ارزشی که کاریز در هر روز تولید می‌کند. اگر یکی از اجزا نباشد، یا میانگین چرخه ۰ روز باشد (همهٔ معامله‌ها در روز اول برده شده‌اند و نرخ روزانه‌ای نمی‌توان گفت)، نامعلوم است. سه عامل اول را بالا ببرید یا چرخه را کوتاه کنید تا سریع‌تر بفروشید.",
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
            "Expected wins and revenue in the next 30, 60 and 90 days, and along the way to the period's end on the chart. An open deal that has waited s days since entering its stage, neither won nor lost, counts p × (W(s + h) − W(s)) ÷ (1 − p × W(s) − (1 − p) × L(s)): p = P(win | stage), W and L the share of the team's won (lost) deals that closed within so many days of entering the stage (the whole team's timing for stages with fewer than 5). New leads arrive at the last 90 days' rate, and one arriving with t days left is won in time with probability a(t): of the leads first contacted in the last 365 days and at least t days ago, the share won within t days — leads still open count as not won, younger ones are left out. The 80% range is mean ± 1.28 standard deviations (Σ p(1 − p) for open deals; for new leads Poisson plus the uncertainty of the inflow rate learned from 90 days), never below zero.",
            "بردها و درآمد موردانتظار در ۳۰، ۶۰ و ۹۰ روز آینده، و در نمودار تا پایان بازه. معاملهٔ بازی که s روز از ورودش به مرحله گذشته و نه برده شده نه باخته، p × (W(s + h) − W(s)) ÷ (1 − p × W(s) − (1 − p) × L(s)) حساب می‌شود: p احتمال برد در مرحله، W و L سهم معامله‌های بردهٔ (باختهٔ) تیم که تا آن تعداد روز پس از ورود به مرحله بسته شدند (برای مرحله‌های با کمتر از ۵ نمونه، زمان‌بندی کل تیم). سرنخ‌های تازه با نرخ ۹۰ روز گذشته می‌رسند، و سرنخی که t روز تا پایان فرصت دارد با احتمال a(t) به‌موقع برده می‌شود: از سرنخ‌هایی که اولین تماسشان در ۳۶۵ روز گذشته و دست‌کم t روز پیش بوده، سهم آن‌هایی که ظرف t روز برده شدند — سرنخ‌های هنوز باز برده‌نشده حساب می‌شوند و جوان‌ترها کنار گذاشته می‌شوند. بازهٔ ۸۰٪ برابر میانگین ± ۱٫۲۸ انحراف معیار است (Σ p(1 − p) برای معامله‌های باز؛ برای سرنخ‌های تازه پواسون به‌علاوهٔ عدم‌قطعیت نرخ ورود سرنخ که از ۹۰ روز یاد گرفته شده) و هرگز زیر صفر نمی‌رود.",
        ],
    },
    Entry {
        id: "bottleneck",
        name: ["Bottleneck", "گلوگاه"],
        text: [
            "The step whose cohort conversion fell most below the cohorts of the three previous periods of the same length, each measured at the same age (as many days after its period's start as today is after this period's start), so a slow step does not look like a drop. Both sides need at least 5 deals at the step, and the fall must be significant: a one-sided two-proportion z-test at 5% for the whole funnel, split over the steps compared (Bonferroni). For all time, the step that converts worst (at least 5 deals). Also the slowest step by median days (at least 5 deals). The same test runs per owner against their own history: the owner whose step fell most while the rest of the team's same step held (its fall not significant) is named beside the step-by-step comparison; the 5% is split over every owner's compared steps.",
            "گامی که نرخ تبدیل هم‌گروهش بیشترین افت را نسبت به هم‌گروه‌های سه بازهٔ قبلی هم‌طول داشته، هر کدام در همان سن سنجیده شده (همان تعداد روز پس از شروع بازه‌اش که امروز پس از شروع این بازه است)، تا گام کُند افت به نظر نرسد. هر دو طرف دست‌کم ۵ معامله در آن گام لازم دارند و افت باید معنادار باشد: آزمون z یک‌طرفهٔ دو نسبت در سطح ۵٪ برای کل قیف، تقسیم بر گام‌های مقایسه‌شده (بونفرونی). برای کل زمان، گامی که بدترین تبدیل را دارد (دست‌کم ۵ معامله). همچنین کُندترین گام بر اساس میانهٔ روزها (دست‌کم ۵ معامله). همین آزمون برای هر مسئول در برابر سابقهٔ خودش هم اجرا می‌شود: مسئولی که گامش بیشترین افت را داشته در حالی که همان گام برای بقیهٔ تیم ثابت مانده (افتش معنادار نیست) کنار مقایسهٔ گام‌به‌گام نام برده می‌شود؛ ۵٪ میان همهٔ گام‌های مقایسه‌شدهٔ همهٔ مسئولان تقسیم می‌شود.",
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
    Entry {
        id: "calls-per-rep-day",
        name: ["Calls per rep per working day", "تماس هر کارشناس در روز کاری"],
        text: [
            "Calls logged in the period ÷ the rep-days on which a call was made (a rep's working day is a day on which that rep logged at least one call, so leave and weekends do not dilute it). A call is an activity of the kind Call or of a kind the team added based on Call in Settings (a \"WhatsApp call\" counts only if it was added based on Call; one based on Message does not). The telesales team's daily rhythm; compare reps on the activity table.",
            "تماس‌های ثبت‌شده در بازه ÷ روز-کارشناس‌هایی که در آن تماسی گرفته شده (روز کاری هر کارشناس روزی است که دست‌کم یک تماس ثبت کرده، تا مرخصی و تعطیلی آن را رقیق نکند). تماس فعالیتی از نوع «تماس» یا از نوعی است که تیم در تنظیمات بر پایهٔ «تماس» افزوده («تماس واتس‌اپ» فقط اگر بر پایهٔ تماس افزوده شده باشد شمرده می‌شود؛ نوعی بر پایهٔ «پیام» نه). ضرب‌آهنگ روزانهٔ تیم فروش تلفنی؛ کارشناس‌ها را در جدول فعالیت مقایسه کنید.",
        ],
    },
    Entry {
        id: "connect-rate",
        name: ["Connect rate", "نرخ برقراری تماس"],
        text: [
            "Connected calls ÷ calls in the period. A call is connected when its outcome is marked \"connected\" in Settings (by default only \"Connected\"; no answer, busy, voicemail and wrong number are not). Calls are those of the kind Call and of kinds added based on Call. A low rate means calling at the wrong hours or bad numbers.",
            "تماس‌های برقرارشده ÷ تماس‌های بازه. تماسی برقرارشده است که نتیجه‌اش در تنظیمات «برقرار» علامت خورده باشد (به‌طور پیش‌فرض فقط «پاسخ داد»؛ پاسخ نداد، مشغول، پیغام‌گیر و شمارهٔ اشتباه نه). تماس‌ها همان فعالیت‌های نوع «تماس» و نوع‌های افزوده بر پایهٔ آن‌اند. نرخ پایین یعنی ساعت تماس نامناسب یا شماره‌های نادرست.",
        ],
    },
    Entry {
        id: "talk-time",
        name: ["Talk time", "زمان مکالمه"],
        text: [
            "Seconds on connected calls in the period, in total and per connected call (unanswered calls' ringing time is left out).",
            "ثانیه‌های تماس‌های برقرارشده در بازه، در مجموع و به ازای هر تماس برقرارشده (زمان زنگ خوردن تماس‌های بی‌پاسخ حساب نمی‌شود).",
        ],
    },
    Entry {
        id: "speed-to-lead",
        name: ["Speed to lead", "سرعت پاسخ به سرنخ"],
        text: [
            "For leads that arrived in the period with a known time (added in Kariz, or imported with a time): minutes from arrival to the first call, email, meeting or message on the deal (notes do not count; a contact logged before the arrival counts as 0). Median and 90th percentile over the leads contacted so far; \"within 5 minutes\" = leads contacted within 5 minutes ÷ all those leads, the not-yet-contacted counting as not. Leads without a time are counted apart, never guessed. The chart splits the same leads into contacted within 5 minutes, 1 hour, 1 day, 1 week, later, and not yet (each ÷ all those leads). The sooner a new lead is called, the likelier it converts.",
            "برای سرنخ‌هایی که در بازه با زمان مشخص رسیدند (افزوده در کاریز یا واردشده با ساعت): دقیقه‌ها از رسیدن تا اولین تماس، ایمیل، جلسه یا پیام دربارهٔ آن معامله (یادداشت حساب نمی‌شود؛ تماسی که پیش از رسیدن ثبت شده صفر است). میانه و صدک ۹۰ روی سرنخ‌هایی که تاکنون تماس گرفته‌اند؛ «در ۵ دقیقه» = سرنخ‌هایی که در ۵ دقیقه تماس گرفتند ÷ همهٔ آن سرنخ‌ها، و آن‌ها که هنوز تماسی نداشته‌اند «نه» شمرده می‌شوند. سرنخ‌های بدون ساعت جدا شمرده می‌شوند و هرگز حدس زده نمی‌شوند. نمودار همین سرنخ‌ها را به تماس‌گرفته در ۵ دقیقه، ۱ ساعت، ۱ روز، ۱ هفته، دیرتر و هنوز نه تقسیم می‌کند (هر یک ÷ همهٔ آن سرنخ‌ها). هرچه زودتر به سرنخ زنگ بزنید، احتمال تبدیلش بیشتر است.",
        ],
    },
    Entry {
        id: "calls-per-won",
        name: ["Calls per won deal", "تماس به ازای هر معاملهٔ برده"],
        text: [
            "For deals won in the period: calls logged on the deal up to the day it was first won (calls after the win are service, not selling). Median and 90th percentile: how much calling a customer takes.",
            "برای معامله‌هایی که در بازه برده شدند: تماس‌های ثبت‌شده روی معامله تا روزی که اولین بار برده شد (تماس‌های پس از برد خدمات است نه فروش). میانه و صدک ۹۰: هر مشتری چقدر تماس می‌خواهد.",
        ],
    },
    Entry {
        id: "attempts-conversion",
        name: ["Conversion by call attempts", "تبدیل بر حسب دفعات تماس"],
        text: [
            "Leads first contacted in the period, grouped by the calls made on them (0, 1, 2, 3, 4–6, 7 or more; counted up to the win for won leads, up to today for the rest); each group's won ÷ leads. Shows how many attempts are worth making before giving up on a lead.",
            "سرنخ‌هایی که اولین تماسشان در بازه است، بر حسب شمار تماس‌هایشان گروه‌بندی می‌شوند (۰، ۱، ۲، ۳، ۴ تا ۶، ۷ یا بیشتر؛ برای برده‌ها تا روز برد و برای بقیه تا امروز)؛ در هر گروه برده‌ها ÷ سرنخ‌ها. نشان می‌دهد پیش از رها کردن یک سرنخ چند بار تماس ارزش دارد.",
        ],
    },
    Entry {
        id: "follow-up",
        name: ["Next steps on open deals", "گام بعدی معامله‌های باز"],
        text: [
            "Deals open on the period's last day (or today) that have an open next step ÷ all those open deals; overdue = open next steps due before that day, with the median days overdue. A deal with no next step is a deal nobody is moving.",
            "معامله‌های باز در روز آخر بازه (یا امروز) که گام بعدیِ انجام‌نشده دارند ÷ همهٔ آن معامله‌های باز؛ عقب‌افتاده = گام‌های بعدی انجام‌نشده‌ای که موعدشان پیش از آن روز است، با میانهٔ روزهای تأخیر. معامله‌ای که گام بعدی ندارد معامله‌ای است که کسی جلویش نمی‌برد.",
        ],
    },
    Entry {
        id: "lost-reasons",
        name: ["Why deals are lost", "چرا معامله‌ها از دست می‌روند"],
        text: [
            "The deals lost in the period (lost as of its last day or today, having entered the lost stage in the period, so they add up to the headline count) by the reason recorded, by the last open stage before the loss, by owner and by source: count, value and share of all losses. A deal reopened later keeps the reason it was lost for. The trend places each loss by its day, for the four most frequent reasons and the rest. The most frequent reason is where a sales leader looks first.",
            "معامله‌های از دست رفتهٔ بازه (در روز آخر بازه یا امروز از دست رفته، با ورود به مرحلهٔ باخت در همین بازه؛ پس جمعشان همان عدد اصلی است) بر حسب دلیل ثبت‌شده، آخرین مرحلهٔ باز پیش از باخت، مسئول و منبع: تعداد، ارزش و سهم از همهٔ باخت‌ها. معامله‌ای که بعداً دوباره باز شود دلیل باختش را نگه می‌دارد. روند هر باخت را در روز خودش می‌گذارد، برای چهار دلیل پرتکرار و بقیه. پرتکرارترین دلیل جایی است که مدیر فروش اول باید نگاه کند.",
        ],
    },
    Entry {
        id: "win-loss-segment",
        name: ["Win/loss by segment", "برد و باخت به تفکیک بخش"],
        text: [
            "Per owner, per source and per deal type: deals won and lost in the period, win rate = won ÷ (won + lost), the median sales cycle (first contact → won) of the deals won, and the value lost. The same rules as the headline win rate, so the rows add up to it.",
            "برای هر مسئول، هر منبع و هر نوع معامله: معامله‌های برده و باخته در بازه، نرخ برد = برده ÷ (برده + باخته)، میانهٔ چرخهٔ فروش (اولین تماس ← برد) معامله‌های برده و ارزش از دست رفته. همان قاعده‌های نرخ برد اصلی، پس جمع ردیف‌ها همان است.",
        ],
    },
    Entry {
        id: "step-matrix",
        name: ["Step-by-step comparison", "مقایسهٔ گام‌به‌گام"],
        text: [
            "One row per owner (or source, or deal type), one column per funnel step: the row's cohort step conversion in the period and the median days of the step, against the same step for every other deal of the report. A cell is judged only when both sides have at least 5 deals at the step; it is marked below or above when a one-sided two-proportion z-test (pooled variance) passes at 5% for the whole table, split over every judged cell (Bonferroni), so a table of many reps does not cry wolf; otherwise it is level. The row's block is its significantly-below step with the largest z, so a rep with three deals is never called a block. Under the table, the row whose step fell most below its own three previous periods (same-age cohorts, one-sided z at 5% split over every row's compared steps) while the rest of the team's same step held is named: a rep, a source or a type, as the table is split.",
            "برای هر مسئول (یا منبع، یا نوع معامله) یک ردیف و برای هر گام قیف یک ستون: نرخ تبدیل هم‌گروه آن گام در بازه و میانهٔ روزهای گام، در برابر همان گام برای همهٔ معامله‌های دیگر گزارش. خانه فقط وقتی داوری می‌شود که هر دو طرف دست‌کم ۵ معامله در آن گام داشته باشند؛ و وقتی پایین‌تر یا بالاتر علامت می‌خورد که آزمون z یک‌طرفهٔ دو نسبت (واریانس ادغام‌شده) در سطح ۵٪ برای کل جدول، تقسیم‌شده میان همهٔ خانه‌های داوری‌شده (تصحیح بونفرونی)، معنادار باشد تا جدولی با کارشناسان زیاد هشدار بی‌جا ندهد؛ وگرنه هم‌تراز است. گلوگاه ردیف گامی است که به‌طور معنادار پایین‌تر است و بیشترین z را دارد، پس کارشناسی با سه معامله هرگز گلوگاه شمرده نمی‌شود. زیر جدول، ردیفی نام برده می‌شود که گامش بیش از همه از سه دورهٔ پیشین خودش (هم‌گروه‌های هم‌سن، آزمون z یک‌طرفه در سطح ۵٪ تقسیم‌شده میان گام‌های مقایسه‌شدهٔ همهٔ ردیف‌ها) پایین افتاده و همان گام برای بقیهٔ تیم ثابت مانده است: کارشناس، منبع یا نوع، بسته به اینکه جدول به چه تفکیک شده.",
        ],
    },
];

/// Counting rules for the cases real data throws at the engine.
pub const RULES: &[Entry] = &[
    Entry {
        id: "rule-skipped",
        name: ["Skipped stages", "مرحله‌های جاافتاده"],
        text: [
            "A deal that reached a later stage counts as having passed every earlier funnel stage, even if it skipped one (a lead qualified on the first call): in the cohort funnel by the furthest stage reached, in the period funnel as entries into the skipped stages on the day of the jump.",
            "معامله‌ای که به مرحلهٔ بعدتری رسیده، از همهٔ مرحله‌های قبلی قیف گذشته حساب می‌شود، حتی اگر یکی را جا انداخته باشد (سرنخی که در اولین تماس واجد شرایط شد): در قیف هم‌گروه با دورترین مرحلهٔ رسیده، و در قیف دوره‌ای با ورود به مرحله‌های جاافتاده در روز پرش.",
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
            "A deal's state is read as of the end of each period (or today). A deal reopened after being won or lost is open again from that day: a later period does not count its earlier close as a win, a loss or a cycle, but the period in which it was won (and still won at that period's end) keeps that win; if it is won again later, that later period counts a win too. The period funnel counts every entry into the won stage in the period; the cohort funnel counts the stages the deal reached.",
            "وضعیت هر معامله در پایان هر بازه (یا امروز) خوانده می‌شود. معامله‌ای که پس از برد یا باخت دوباره باز شده، از آن روز باز است: بازهٔ بعدی بستن قبلی‌اش را برد، باخت یا چرخه حساب نمی‌کند، ولی بازه‌ای که در آن برده شده (و در پایان آن بازه هنوز برده بوده) بردش را نگه می‌دارد؛ اگر بعداً دوباره برده شود، آن بازهٔ بعدی هم یک برد می‌شمارد. قیف دوره‌ای هر ورود به مرحلهٔ برد در بازه را می‌شمارد؛ قیف هم‌گروه مرحله‌هایی را که معامله به آن‌ها رسیده است.",
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
            "A stage event dated after the day a figure is computed for (the period's end, or today) has not happened yet and is ignored — also by the stage filter and the forecast, which read the stage each deal is in today.",
            "رویداد مرحله‌ای که تاریخش بعد از روزی است که عدد برای آن حساب می‌شود (پایان بازه یا امروز) هنوز رخ نداده و نادیده گرفته می‌شود — در فیلتر مرحله و پیش‌بینی هم، که مرحلهٔ امروز هر معامله را می‌خوانند.",
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
            "Source and owner filters keep the deals with that source or owner; the stage filter keeps deals by the stage they are in today (events dated later are not counted). Every KPI, including the previous period and the forecast, is computed on the filtered deals.",
            "فیلترهای منبع و مسئول معامله‌های همان منبع یا مسئول را نگه می‌دارند؛ فیلتر مرحله معامله‌ها را بر اساس مرحله‌ای که امروز در آن‌اند نگه می‌دارد (رویدادهای با تاریخ بعد شمرده نمی‌شوند). همهٔ شاخص‌ها، از جمله بازهٔ قبل و پیش‌بینی، روی معامله‌های فیلترشده حساب می‌شوند.",
        ],
    },
    Entry {
        id: "rule-qualified",
        name: ["Qualified stage", "مرحلهٔ واجد شرایط"],
        text: [
            "Pipeline value, the weighted pipeline, coverage and velocity start at the qualified stage chosen in settings. It must be an open stage of the pipeline: data naming a missing or closed one is refused when it is opened or imported, with a message that says so, rather than every open deal being counted as qualified.",
            "ارزش کاریز، ارزش وزنی، پوشش و سرعت فروش از مرحلهٔ واجد شرایطی که در تنظیمات انتخاب شده شروع می‌شوند. این مرحله باید یکی از مرحله‌های باز کاریز باشد: داده‌ای که مرحلهٔ ناموجود یا بسته‌ای را نام ببرد هنگام باز کردن یا وارد کردن با پیامی روشن رد می‌شود، به جای آن‌که همهٔ معامله‌های باز واجد شرایط حساب شوند.",
        ],
    },
    Entry {
        id: "rule-thresholds",
        name: ["Minimum evidence", "حداقل شواهد"],
        text: [
            "Some figures need enough deals behind them, and show nothing rather than a guess: a bottleneck, weakest or slowest step, or a marked cell of the step-by-step comparison needs at least 5 deals on each side; a stuck limit needs 5 deals that left the stage; the forecast uses a stage's own timing from 5 closed deals (the whole team's before that); stage win probabilities lean on the stage's default until about 10 deals have closed.",
            "برخی عددها به تعداد کافی معامله نیاز دارند و به جای حدس چیزی نشان نمی‌دهند: گلوگاه، ضعیف‌ترین یا کُندترین گام، یا خانهٔ علامت‌خوردهٔ مقایسهٔ گام‌به‌گام دست‌کم ۵ معامله در هر طرف لازم دارد؛ حد گیرکردن ۵ معامله که از مرحله رفته‌اند؛ پیش‌بینی زمان‌بندی خود مرحله را از ۵ معاملهٔ بسته به بعد به کار می‌برد (پیش از آن زمان‌بندی کل تیم)؛ احتمال برد مرحله تا حدود ۱۰ معاملهٔ بسته به پیش‌فرض مرحله تکیه می‌کند.",
        ],
    },
    Entry {
        id: "rule-activities",
        name: ["Which activities count", "کدام فعالیت‌ها شمرده می‌شوند"],
        text: [
            "Activities dated in the period and not after today count. The owner filter picks the activity's own rep (who made the call), the source and stage filters the deal it was about; an activity about no deal counts only when no source or stage filter is set. Times are the rep's local wall clock, to the minute.",
            "فعالیت‌هایی که تاریخشان در بازه و نه پس از امروز است شمرده می‌شوند. فیلتر مسئول کارشناسِ خودِ فعالیت (کسی که تماس گرفت) را می‌گیرد و فیلترهای منبع و مرحله معامله‌ای را که فعالیت دربارهٔ آن بود؛ فعالیتی که به معامله‌ای وصل نیست فقط وقتی شمرده می‌شود که فیلتر منبع یا مرحله‌ای نباشد. زمان‌ها ساعت محلی کارشناس است، به دقیقه.",
        ],
    },
];

/// Every KPI of the glossary, in dashboard order ([`KPIS`] order): a typed id that owns its
/// glossary entry and which direction of change is good news.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KpiId {
    /// `visitor-lead`.
    VisitorLead,
    /// `step`.
    Step,
    /// `step-period`.
    StepPeriod,
    /// `transition-time`.
    TransitionTime,
    /// `stuck`.
    Stuck,
    /// `cycle`.
    Cycle,
    /// `cycle-closed`.
    CycleClosed,
    /// `win-rate`.
    WinRate,
    /// `avg-deal-size`.
    AvgDealSize,
    /// `open-deals`.
    OpenDeals,
    /// `pipeline-value`.
    PipelineValue,
    /// `weighted-pipeline`.
    WeightedPipeline,
    /// `velocity`.
    Velocity,
    /// `attainment`.
    Attainment,
    /// `coverage`.
    Coverage,
    /// `leads-needed`.
    LeadsNeeded,
    /// `forecast`.
    Forecast,
    /// `bottleneck`.
    Bottleneck,
    /// `delta`.
    Delta,
    /// `calls-per-rep-day`.
    CallsPerRepDay,
    /// `connect-rate`.
    ConnectRate,
    /// `talk-time`.
    TalkTime,
    /// `speed-to-lead`.
    SpeedToLead,
    /// `calls-per-won`.
    CallsPerWon,
    /// `attempts-conversion`.
    AttemptsConversion,
    /// `follow-up`.
    FollowUp,
    /// `lost-reasons`.
    LostReasons,
    /// `win-loss-segment`.
    WinLossSegment,
    /// `step-matrix`.
    StepMatrix,
}

/// Whether a rise of a figure is good news (colours its change against the previous period).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Better {
    /// More is better (conversion, value, wins).
    Higher,
    /// Less is better (days, stuck deals, leads still needed).
    Lower,
    /// Neither direction is good or bad by itself.
    Neither,
}

impl KpiId {
    /// Every KPI, in dashboard order.
    pub const ALL: [KpiId; 29] = [
        KpiId::VisitorLead,
        KpiId::Step,
        KpiId::StepPeriod,
        KpiId::TransitionTime,
        KpiId::Stuck,
        KpiId::Cycle,
        KpiId::CycleClosed,
        KpiId::WinRate,
        KpiId::AvgDealSize,
        KpiId::OpenDeals,
        KpiId::PipelineValue,
        KpiId::WeightedPipeline,
        KpiId::Velocity,
        KpiId::Attainment,
        KpiId::Coverage,
        KpiId::LeadsNeeded,
        KpiId::Forecast,
        KpiId::Bottleneck,
        KpiId::Delta,
        KpiId::CallsPerRepDay,
        KpiId::ConnectRate,
        KpiId::TalkTime,
        KpiId::SpeedToLead,
        KpiId::CallsPerWon,
        KpiId::AttemptsConversion,
        KpiId::FollowUp,
        KpiId::LostReasons,
        KpiId::WinLossSegment,
        KpiId::StepMatrix,
    ];

    /// Its glossary entry.
    pub fn entry(self) -> &'static Entry {
        &KPIS[self as usize]
    }

    /// The stable string id (card ids, `docs/kpis.md` anchors).
    pub fn id(self) -> &'static str {
        self.entry().id
    }

    /// Which direction of change is good news.
    pub fn better(self) -> Better {
        match self {
            KpiId::TransitionTime
            | KpiId::Stuck
            | KpiId::Cycle
            | KpiId::CycleClosed
            | KpiId::LeadsNeeded
            | KpiId::SpeedToLead
            | KpiId::CallsPerWon => Better::Lower,
            KpiId::Coverage
            | KpiId::Forecast
            | KpiId::Bottleneck
            | KpiId::Delta
            | KpiId::TalkTime
            | KpiId::LostReasons
            | KpiId::StepMatrix => Better::Neither,
            _ => Better::Higher,
        }
    }
}

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
    fn every_kpi_id_owns_its_entry() {
        assert_eq!(KpiId::ALL.len(), KPIS.len());
        for (i, kpi) in KpiId::ALL.iter().enumerate() {
            assert_eq!(*kpi as usize, i);
            assert_eq!(entry(kpi.id()), Some(kpi.entry()));
        }
    }

    #[test]
    fn docs_match_the_glossary() {
        let path = format!("{}/docs/kpis.md", crate::REPO_ROOT);
        let generated = markdown();
        if std::env::var_os("KARIZ_BLESS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/kpis.md is stale: run `KARIZ_BLESS=1 cargo test docs_match_the_glossary`"
        );
    }
}
