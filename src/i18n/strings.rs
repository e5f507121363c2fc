//! The translation table: every visible string, keyed by [`Key`], in English and Persian.
//!
//! The table is one file (about 470 lines) on purpose: it is data, one line per key, and its
//! order is the `Key` order, so splitting it by screen would only scatter neighbours (many
//! strings are shared between screens) without making any part easier to read.

use super::Language;

macro_rules! strings {
    ($($key:ident => $en:literal, $fa:literal;)*) => {
        /// Key of a translated string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Key { $($key),* }

        impl Key {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            fn text(self, lang: Language) -> &'static str {
                // A table, not a `match`: one indexed load instead of a ~14 kB jump table.
                const TEXT: &[[&str; 2]] = &[$([$en, $fa]),*];
                TEXT[self as usize][match lang { Language::En => 0, Language::Fa => 1 }]
            }
        }
    };
}

strings! {
    AppTitle => "Kariz", "کاریز";
    Tagline => "Sales pipeline and KPIs", "کاریز فروش و شاخص‌های کلیدی";
    Language => "Language", "زبان";
    Saved => "Saved in this browser", "در این مرورگر ذخیره شد";
    NotSaved => "Not saved", "ذخیره نشد";
    MemoryOnly => "Not stored: memory only", "ذخیره نمی‌شود: فقط در حافظه";
    ReadOnly => "Read-only: not saving", "فقط خواندنی: ذخیره نمی‌شود";
    BannerUnavailable => "Browser storage is unavailable (private mode or disabled). Kariz works, but your data lives only in this tab and is gone when you close it.", "حافظهٔ مرورگر در دسترس نیست (حالت خصوصی یا غیرفعال). کاریز کار می‌کند، اما داده‌ها فقط در همین زبانه است و با بستن آن از بین می‌رود.";
    BannerCorrupt => "The data stored in this browser could not be read, so Kariz is not saving over it. Download it to keep it, repair what can be read, or start fresh.", "داده‌های ذخیره‌شده در این مرورگر خوانده نشد، پس کاریز روی آن ذخیره نمی‌کند. آن را دانلود کنید، آنچه خوانده می‌شود را تعمیر کنید یا از نو شروع کنید.";
    BannerTooNew => "This data was saved by a newer version of Kariz. Reload the page to get the newest version; this tab will not save, so nothing is downgraded.", "این داده با نسخهٔ جدیدتری از کاریز ذخیره شده است. صفحه را دوباره بارگذاری کنید؛ این زبانه ذخیره نمی‌کند تا چیزی خراب نشود.";
    BannerSaveFailed => "Saving failed, so your latest changes exist only in this tab.", "ذخیره انجام نشد و آخرین تغییرات فقط در همین زبانه است.";
    StorageWriteFailed => "The browser refused to write the data: {detail}", "مرورگر نوشتن داده را نپذیرفت: {detail}";
    StorageRevisionFailed => "The browser refused to record the save for other tabs, so nothing was saved: {detail}", "مرورگر ثبت ذخیره برای زبانه‌های دیگر را نپذیرفت، پس چیزی ذخیره نشد: {detail}";
    StorageEncodeFailed => "The data could not be written as text, so the stored copy was left as it was: {detail}", "داده به متن تبدیل نشد، پس نسخهٔ ذخیره‌شده دست نخورد: {detail}";
    StorageGone => "Browser storage is no longer available.", "حافظهٔ مرورگر دیگر در دسترس نیست.";
    StartFreshFailed => "The stored data could not be removed, so this tab still does not save. {detail}", "دادهٔ ذخیره‌شده حذف نشد، پس این زبانه همچنان ذخیره نمی‌کند. {detail}";
    DownloadFailedEncode => "Nothing was downloaded: the data could not be written as a file ({detail}).", "چیزی دانلود نشد: داده به پرونده تبدیل نشد ({detail}).";
    DownloadFailedBlob => "Nothing was downloaded: the browser could not prepare the file ({detail}).", "چیزی دانلود نشد: مرورگر نتوانست پرونده را آماده کند ({detail}).";
    DownloadFailedPage => "Nothing was downloaded: the page could not start the download.", "چیزی دانلود نشد: صفحه نتوانست دانلود را آغاز کند.";
    CrashBanner => "Something went wrong and Kariz stopped. Download a backup of your last saved data, then reload the page.", "مشکلی پیش آمد و کاریز متوقف شد. از آخرین دادهٔ ذخیره‌شده پشتیبان بگیرید و سپس صفحه را دوباره بارگذاری کنید.";
    CrashBannerNoData => "Something went wrong and Kariz stopped. Nothing was stored in this browser to back up; reload the page.", "مشکلی پیش آمد و کاریز متوقف شد. چیزی در این مرورگر ذخیره نشده بود که از آن پشتیبان بگیریم؛ صفحه را دوباره بارگذاری کنید.";
    CrashBackup => "Download a backup", "دانلود پشتیبان";
    BackupReminder => "Some changes have been only in this browser for {days} days or more. Browsers can delete a site's data (Safari after 7 days without a visit): export a backup file.", "برخی تغییرات {days} روز یا بیشتر فقط در همین مرورگر است. مرورگرها ممکن است داده‌های سایت را پاک کنند (Safari پس از ۷ روز بی‌بازدید): یک پروندهٔ پشتیبان خروجی بگیرید.";
    LastExport => "Last full export from this browser: {date}.", "آخرین خروجی کامل از این مرورگر: {date}.";
    NeverExported => "No full export from this browser yet.", "هنوز خروجی کاملی از این مرورگر گرفته نشده است.";
    BackupDaysLabel => "Remind me to export after this many days of changes (0: never)", "یادآوری خروجی پس از این تعداد روز تغییر (۰: هرگز)";
    LostToOtherTab => "A newer change made in another tab replaced your change to {n} deal(s).", "تغییر جدیدتری در زبانهٔ دیگر، تغییر شما در {n} معامله را جایگزین کرد.";
    LostSetupToOtherTab => "A newer change made in another tab replaced your change to {n} setting(s) (stages, sources, owners or preferences).", "تغییر جدیدتری در زبانهٔ دیگر، تغییر شما در {n} تنظیم (مرحله‌ها، منابع، مسئولان یا ترجیحات) را جایگزین کرد.";
    LostBothToOtherTab => "A newer change made in another tab replaced your change to {n} deal(s) and {setup} setting(s).", "تغییر جدیدتری در زبانهٔ دیگر، تغییر شما در {n} معامله و {setup} تنظیم را جایگزین کرد.";
    PastLoss => "Lost on {date}: {reason}", "از دست رفته در {date}: {reason}";
    BackupNow => "Download a backup now", "همین حالا پشتیبان بگیرید";
    Repair => "Repair: keep what can be read", "تعمیر: نگه‌داشتن آنچه خوانده می‌شود";
    RepairSummary => "Repair would keep {kept} deals and drop {dropped} unreadable records:", "تعمیر {kept} معامله را نگه می‌دارد و {dropped} رکورد ناخوانا را کنار می‌گذارد:";
    Repaired => "Repaired: the readable records are kept and saved.", "تعمیر شد: رکوردهای خوانا نگه داشته و ذخیره شد.";
    KindCall => "Call", "تماس";
    KindEmail => "Email", "ایمیل";
    KindMeeting => "Meeting", "جلسه";
    KindMessage => "Message", "پیام";
    KindNote => "Note", "یادداشت";
    DirOutbound => "Outbound", "خروجی";
    DirInbound => "Inbound", "ورودی";
    ActivityLogged => "{kind} logged.", "{kind} ثبت شد.";
    ActivityLoggedFor => "{kind} logged for {deal}.", "{kind} برای {deal} ثبت شد.";
    ActivityLoggedStep => "{kind} logged for {deal}; next step set.", "{kind} برای {deal} ثبت شد؛ گام بعدی تعیین شد.";
    ActivitySaved => "Activity saved.", "فعالیت ذخیره شد.";
    ActivityDeleted => "{n} activity deleted.", "{n} فعالیت حذف شد.";
    ActivitiesDeleted => "{n} activities deleted.", "{n} فعالیت حذف شد.";
    ActivitiesRestored => "{n} activities restored.", "{n} فعالیت بازگردانده شد.";
    StepSetFor => "Next step set for {deal}.", "گام بعدی {deal} تعیین شد.";
    StepDoneFor => "Next step of {deal} done.", "گام بعدی {deal} انجام شد.";
    StepDoneNext => "Next step of {deal} done; the one after it is set.", "گام بعدی {deal} انجام شد و گام پس از آن تعیین شد.";
    ActErrRequired => "Required.", "لازم است.";
    ActErrOutcome => "Choose an outcome (keys 1–{n}).", "نتیجه را انتخاب کنید (کلیدهای ۱ تا {n}).";
    ActErrUnknown => "It no longer exists.", "دیگر وجود ندارد.";
    ActErrDuration => "Type minutes (5) or minutes:seconds (3:20).", "دقیقه (۵) یا دقیقه:ثانیه (۳:۲۰) بنویسید.";
    ActErrTooLong => "At most {n} hours.", "حداکثر {n} ساعت.";
    ActErrTooMuchText => "At most {n} characters.", "حداکثر {n} نویسه.";
    ActErrFuture => "This is after now.", "این زمان پس از اکنون است.";
    ActErrTime => "Type the time as HH:MM (14:05).", "ساعت را به‌صورت HH:MM بنویسید (۱۴:۰۵).";
    LogCall => "Call", "تماس";
    LogCallFor => "Log a call: {deal}", "ثبت تماس: {deal}";
    LogActivityFor => "Log activity: {deal}", "ثبت فعالیت: {deal}";
    CompleteStepFor => "Done: {deal}", "انجام شد: {deal}";
    EditActivity => "Edit activity", "ویرایش فعالیت";
    ActKind => "Kind", "نوع";
    ActOutcome => "Outcome", "نتیجه";
    ActDuration => "Duration (min or m:ss)", "مدت (دقیقه یا د:ث)";
    ActNote => "Note", "یادداشت";
    ActDirection => "Direction", "جهت";
    ActBy => "By", "توسط";
    ActDay => "Day", "روز";
    ActTime => "Time (HH:MM)", "ساعت (HH:MM)";
    StepDue => "Next step due", "موعد گام بعدی";
    StepText => "Next step", "گام بعدی";
    StepCurrent => "Current next step: {text} (due {date})", "گام بعدی فعلی: {text} (موعد {date})";
    StepMarkDone => "Mark the current next step done", "گام بعدی فعلی انجام شد";
    StepLeaveEmpty => "Leave the date empty to set no next step.", "برای تعیین‌نکردن گام بعدی، تاریخ را خالی بگذارید.";
    LogSave => "Save", "ذخیره";
    LogKeysHint => "Keys: 1–{n} outcome · Enter save · Esc cancel", "کلیدها: ۱ تا {n} نتیجه · Enter ذخیره · Esc انصراف";
    LogCardHint => "Focus a card and press C to log a call.", "روی کارت بروید و C را بزنید تا تماس ثبت شود.";
    LogRowHint => "Focus a row and press C to log a call.", "روی ردیف بروید و C را بزنید تا تماس ثبت شود.";
    TimelineHeading => "Timeline", "خط زمانی";
    TimelineEntered => "Entered {stage}", "ورود به {stage}";
    TimelineEmpty => "Nothing logged yet.", "هنوز چیزی ثبت نشده است.";
    NextStepHeading => "Next step", "گام بعدی";
    NoNextStep => "No next step.", "گام بعدی ندارد.";
    StepDueOn => "due {date}", "موعد {date}";
    StepDone => "Done", "انجام شد";
    SetNextStep => "Set next step", "تعیین گام بعدی";
    Overdue => "overdue", "گذشته از موعد";
    NavToday => "Today", "امروز";
    TodayHeading => "Today's work", "کار امروز";
    TodayOwner => "Whose work", "کار چه کسی";
    TodayOverdue => "Overdue next steps", "گام‌های بعدیِ گذشته از موعد";
    TodayDue => "Due today", "موعد امروز";
    TodayUncalled => "New leads not called yet", "سرنخ‌های تازهٔ تماس‌نگرفته";
    TodayNoStep => "Open deals with no next step", "معامله‌های باز بدون گام بعدی";
    TodayNothing => "Nothing here.", "چیزی نیست.";
    TodayHint => "Focus a row and press C to log a call, or D to mark its next step done.", "روی ردیف بروید و C را برای ثبت تماس یا D را برای انجام گام بعدی بزنید.";
    TodayTabWork => "To do", "کارها";
    TodayTabActivities => "Activities", "فعالیت‌ها";
    DaysLate => "{n} days late", "{n} روز دیرتر";
    ColDeal => "Deal", "معامله";
    ColWhen => "When", "زمان";
    ColDuration => "Duration", "مدت";
    ActivitiesHeading => "Activities", "فعالیت‌ها";
    AllKinds => "All kinds", "همهٔ انواع";
    AllOutcomes => "All outcomes", "همهٔ نتیجه‌ها";
    PeriodToday => "Today", "امروز";
    PeriodLast7 => "Last 7 days", "۷ روز گذشته";
    PeriodLast30 => "Last 30 days", "۳۰ روز گذشته";
    ActivitiesShown => "{n} activities", "{n} فعالیت";
    SelectActivity => "Select {what}", "انتخاب {what}";
    SelectAllActivities => "Select all shown activities", "انتخاب همهٔ فعالیت‌های نمایش‌داده‌شده";
    DeleteActivities => "Delete selected ({n})", "حذف انتخاب‌شده‌ها ({n})";
    RetrySave => "Try saving again", "دوباره ذخیره کن";
    DownloadStored => "Download stored data", "دانلود دادهٔ ذخیره‌شده";
    StartFresh => "Start fresh (discard stored data)", "شروع از نو (حذف دادهٔ ذخیره‌شده)";
    ConfirmStartFresh => "Discard the unreadable stored data and start with an empty pipeline? Download it first if you may need it.", "دادهٔ ناخوانا حذف شود و با کاریز خالی شروع کنیم؟ اگر لازمش دارید اول دانلودش کنید.";
    Period => "Period", "بازه";
    PresetAllTime => "All time", "همهٔ زمان‌ها";
    PresetLastQuarter => "Last quarter", "فصل گذشته";
    PresetLast365 => "Last 365 days", "۳۶۵ روز گذشته";
    PresetCustom => "Custom range", "بازهٔ دلخواه";
    From => "From", "از";
    To => "To", "تا";
    AllOwners => "All owners", "همهٔ مسئولان";
    FilterStage => "Current stage", "مرحلهٔ فعلی";
    AllStages => "All stages", "همهٔ مرحله‌ها";
    FunnelModeLabel => "Funnel", "قیف";
    ModeCohort => "Cohort: first contact in period", "هم‌گروه: اولین تماس در بازه";
    ModePeriod => "Period: stage entered in period", "دوره‌ای: ورود به مرحله در بازه";
    VsPrevious => "{change} vs previous period", "{change} نسبت به بازهٔ قبل";
    WonOfClosed => "{num} won of {den} closed", "{num} برد از {den} بسته‌شده";
    WonDealsSub => "{n} won deals", "{n} معاملهٔ برده";
    PerDay => "{value} / day", "{value} در روز";
    OfGoal => "{value} of {goal}", "{value} از {goal}";
    NoGoal => "No goal for this period", "برای این بازه هدفی نیست";
    ProbabilityWeighted => "probability-weighted", "وزن‌دهی‌شده با احتمال";
    OpenQualifiedSub => "{n} qualified open deals", "{n} معاملهٔ باز واجد شرایط";
    FunnelHeading => "Funnel", "قیف";
    ColCount => "Deals", "معامله‌ها";
    ColStep => "Step", "گام";
    ColCumulative => "From first stage", "از مرحلهٔ اول";
    ColN => "n", "تعداد";
    ColMedian => "Median", "میانه";
    ColMean => "Mean", "میانگین";
    ColP90 => "90th percentile", "صدک ۹۰";
    CycleHeading => "Sales cycle by source and owner", "چرخهٔ فروش به تفکیک منبع و مسئول";
    GroupWon => "All won deals", "همهٔ معامله‌های برده";
    GroupClosed => "All closed deals (won and lost)", "همهٔ معامله‌های بسته (برده و باخته)";
    GroupNone => "(none)", "(هیچ)";
    PipelineHeading => "Open pipeline on {date}", "کاریز باز در {date}";
    ColAge => "Median age", "میانهٔ سن";
    ColWinProb => "P(win)", "احتمال برد";
    WinProbFrom => "{p} ({won} of {n} won)", "{p} ({won} از {n} برده)";
    ColGroup => "Group", "گروه";
    ColAttainment => "Attained / needed", "تحقق / لازم";
    StuckHeading => "Stuck deals", "معامله‌های گیرکرده";
    NoStuck => "No stuck deals.", "معاملهٔ گیرکرده‌ای نیست.";
    StuckLine => "{days} in {stage} (90% of deals move on within {p90})", "{days} در {stage} (۹۰٪ معامله‌ها در {p90} جلو می‌روند)";
    QuotaHeading => "Quota", "سهمیه";
    RevenueGoal => "Revenue goal", "هدف درآمد";
    DealsGoal => "Won-deal goal", "هدف تعداد برد";
    Remaining => "Still to win", "باقی‌مانده";
    ExpectedToClose => "Expected to close by period end", "انتظار بستن تا پایان بازه";
    Coverage => "Coverage (needed)", "پوشش (لازم)";
    LeadToCustomer => "Lead → customer, last 365 days", "سرنخ ← مشتری، ۳۶۵ روز گذشته";
    ForecastHeading => "Forecast", "پیش‌بینی";
    ColHorizon => "Next", "افق";
    ColWins => "Expected wins (80% range)", "برد موردانتظار (بازهٔ ۸۰٪)";
    ColRevenue => "Expected revenue (80% range)", "درآمد موردانتظار (بازهٔ ۸۰٪)";
    ColFromOpen => "From open deals", "از معامله‌های باز";
    ColFromNew => "From new leads", "از سرنخ‌های تازه";
    Range => "{mean} ({low} – {high})", "{mean} ({low} – {high})";
    InsightsHeading => "Where the funnel leaks", "قیف کجا نشت می‌کند";
    NoInsights => "Not enough data for insights yet.", "هنوز دادهٔ کافی برای تحلیل نیست.";
    InsightBottleneck => "{from} → {to} converted {current} this period against {history} over the three previous periods: the biggest drop.", "{from} ← {to} در این بازه {current} تبدیل شد در برابر {history} در سه بازهٔ قبل: بیشترین افت.";
    InsightOwnerDrop => "{owner}'s {from} → {to} fell from {history} to {current} this period; the rest of the team held at {team}.", "{from} ← {to} برای {owner} در این بازه از {history} به {current} افتاد؛ بقیهٔ تیم در {team} ماند.";
    InsightSourceDrop => "Leads from {owner}: {from} → {to} fell from {history} to {current} this period; the other sources held at {team}.", "سرنخ‌های {owner}: {from} ← {to} در این بازه از {history} به {current} افتاد؛ منبع‌های دیگر در {team} ماندند.";
    InsightTypeDrop => "{owner} deals: {from} → {to} fell from {history} to {current} this period; the other types held at {team}.", "معامله‌های {owner}: {from} ← {to} در این بازه از {history} به {current} افتاد؛ نوع‌های دیگر در {team} ماندند.";
    InsightWeakest => "{from} → {to} converts worst: {rate}.", "{from} ← {to} کمترین نرخ تبدیل را دارد: {rate}.";
    InsightSlowest => "The slowest step is {from} → {to}: a median of {days} over {n} deals.", "کندترین گام {from} ← {to} است: میانهٔ {days} در {n} معامله.";
    InsightStuck => "{n} open deals are stuck in their stage.", "{n} معاملهٔ باز در مرحلهٔ خود گیر کرده‌اند.";
    GlossaryHeading => "KPI glossary", "واژه‌نامهٔ شاخص‌ها";
    RulesHeading => "Counting rules", "قواعد شمارش";
    PresetThisMonth => "This month", "این ماه";
    PresetLastMonth => "Last month", "ماه گذشته";
    PresetThisQuarter => "This quarter", "این فصل";
    PresetThisYear => "This year", "امسال";
    PresetLast30 => "Last 30 days", "۳۰ روز گذشته";
    PresetLast90 => "Last 90 days", "۹۰ روز گذشته";
    KpiHeading => "Key performance indicators", "شاخص‌های کلیدی عملکرد";
    OfCount => "{num} of {den}", "{num} از {den}";
    LeadsOfVisitors => "{num} leads / {den} visitors", "{num} سرنخ / {den} بازدیدکننده";
    CycleSub => "median {median} · {n} won", "میانه {median}، {n} برد";
    Days => "{n} days", "{n} روز";
    OpenDealsSub => "open on {date}", "باز در {date}";
    PipelineValueSub => "{stage} and later", "{stage} و پس از آن";
    NotAvailable => "n/a", "نامشخص";
    EmptyTitle => "Your pipeline is empty", "کاریز شما خالی است";
    EmptyBody => "Add your first deal below, or load a realistic demo: six months of a small telesales team.", "اولین معامله را در پایین اضافه کنید، یا داده‌های نمونه را بارگذاری کنید: شش ماه از یک تیم کوچک فروش تلفنی.";
    LoadSample => "Load sample data", "بارگذاری دادهٔ نمونه";
    AddDeal => "Add deal", "افزودن معامله";
    EditDeal => "Edit deal", "ویرایش معامله";
    FieldTitle => "Title", "عنوان";
    FieldCompany => "Company", "شرکت";
    FieldContact => "Contact", "مخاطب";
    FieldPhone => "Phone", "تلفن";
    FieldEmail => "Email", "ایمیل";
    ShowPhoneColumn => "Phone column", "ستون تلفن";
    ErrBadPhone => "Not a phone number: digits, with +98 or 0 in front (spaces and dashes are fine).", "شمارهٔ تلفن نیست: رقم‌ها، با ‎+98 یا ۰ در ابتدا (فاصله و خط تیره مشکلی ندارد).";
    ErrBadEmail => "Not an email address (name@example.com).", "نشانی ایمیل نیست (name@example.com).";
    FieldSource => "Source", "منبع";
    FieldType => "Deal type", "نوع معامله";
    FieldOwner => "Owner", "مسئول";
    FieldValue => "Value", "ارزش";
    FieldCurrency => "Currency", "ارز";
    FieldFirstContact => "First contact", "اولین تماس";
    FieldExpectedClose => "Expected close", "تاریخ بستن پیش‌بینی‌شده";
    FieldNotes => "Notes", "یادداشت‌ها";
    Save => "Save", "ذخیره";
    Cancel => "Cancel", "انصراف";
    DealAdded => "Deal added.", "معامله اضافه شد.";
    DealSaved => "Deal saved.", "معامله ذخیره شد.";
    Undone => "Undone.", "برگردانده شد.";
    DealDeleted => "Deal deleted.", "معامله حذف شد.";
    Undo => "Undo", "بازگردانی";
    FixErrors => "Please fix the fields marked below.", "لطفاً فیلدهای مشخص‌شده را اصلاح کنید.";
    DealsHeading => "Deals", "معامله‌ها";
    Search => "Search", "جستجو";
    ShowStatus => "Show", "نمایش";
    StatusAll => "All deals", "همهٔ معامله‌ها";
    StatusOpen => "Open", "باز";
    StatusWon => "Won", "برده";
    StatusLost => "Lost", "از دست رفته";
    MoveDate => "Date of stage changes", "تاریخ تغییر مرحله";
    MoveDateHelp => "Moves are recorded on this date; change it to enter past history.", "جابه‌جایی‌ها با این تاریخ ثبت می‌شوند؛ برای ثبت سابقهٔ گذشته تغییرش دهید.";
    ColTitle => "Deal", "معامله";
    ColStage => "Stage", "مرحله";
    ColActions => "Actions", "کارها";
    Back => "Back", "برگشت";
    Advance => "Advance", "مرحلهٔ بعد";
    MarkWon => "Won", "برد";
    MarkLost => "Lost…", "باخت…";
    ConfirmLost => "Mark lost", "ثبت باخت";
    LostReason => "Lost reason", "دلیل از دست رفتن";
    Reopen => "Reopen", "بازگشایی";
    Edit => "Edit", "ویرایش";
    Delete => "Delete", "حذف";
    ShowMore => "Show {n} more", "نمایش {n} مورد دیگر";
    ShowingOf => "Showing {shown} of {total}", "نمایش {shown} از {total}";
    NoMatches => "No deals match.", "معامله‌ای پیدا نشد.";
    MovedTo => "{deal} moved to {stage}.", "«{deal}» به {stage} رفت.";
    TrafficHeading => "Visitors", "بازدیدکنندگان";
    TrafficHelp => "Enter how many people visited per month and source, so Kariz can compute visitor → lead.", "تعداد بازدیدکنندگان هر ماه و هر منبع را وارد کنید تا کاریز نرخ تبدیل بازدیدکننده به سرنخ را حساب کند.";
    Month => "Month", "ماه";
    Visitors => "Visitors", "بازدیدکنندگان";
    AllSources => "All sources", "همهٔ منابع";
    AllTypes => "All deal types", "همهٔ انواع معامله";
    SaveVisitors => "Save visitors", "ذخیرهٔ بازدیدها";
    TrafficSaved => "Visitors saved.", "بازدیدها ذخیره شد.";
    ColPeriod => "Period", "بازه";
    NoTraffic => "No visitor counts yet.", "هنوز تعداد بازدیدی ثبت نشده است.";
    ErrRequired => "This field is required.", "این فیلد الزامی است.";
    ErrDateFormat => "Enter a date as YYYY-MM-DD.", "تاریخ را به شکل YYYY-MM-DD وارد کنید.";
    ErrDateRange => "This day does not exist in the calendar.", "این روز در تقویم وجود ندارد.";
    ErrCurrency => "Use a three-letter currency code such as USD or IRR.", "کد سه‌حرفی ارز مانند USD یا IRR وارد کنید.";
    ErrNumber => "Enter a number.", "یک عدد وارد کنید.";
    ErrNegative => "The value cannot be negative.", "مقدار نمی‌تواند منفی باشد.";
    ErrDecimals => "{currency} has at most {digits} decimal places.", "{currency} حداکثر {digits} رقم اعشار دارد.";
    ErrTooLarge => "The number is too large.", "عدد بیش از حد بزرگ است.";
    ErrCloseBeforeFirst => "The expected close cannot be before the first contact.", "تاریخ بستن نمی‌تواند پیش از اولین تماس باشد.";
    ErrFirstAfterHistory => "The first contact cannot be after the deal's first stage change ({date}).", "اولین تماس نمی‌تواند پس از اولین تغییر مرحلهٔ معامله ({date}) باشد.";
    ErrInFuture => "The date cannot be in the future.", "تاریخ نمی‌تواند در آینده باشد.";
    ErrNoSuchDeal => "This deal no longer exists.", "این معامله دیگر وجود ندارد.";
    ErrClosed => "The deal is closed; reopen it first.", "معامله بسته شده است؛ اول بازگشایی‌اش کنید.";
    ErrNotClosed => "The deal is not closed.", "معامله بسته نشده است.";
    ErrAtFirst => "The deal is already in the first stage.", "معامله در اولین مرحله است.";
    ErrMissingStage => "The pipeline has no stage of this kind.", "کاریز مرحله‌ای از این نوع ندارد.";
    ErrBeforeLast => "The date is before the deal's last stage change ({date}).", "تاریخ پیش از آخرین تغییر مرحلهٔ معامله ({date}) است.";
    ErrBeforeFirst => "The date is before the first contact ({date}).", "تاریخ پیش از اولین تماس ({date}) است.";
    ErrReasonRequired => "Choose a lost reason.", "دلیل از دست رفتن را انتخاب کنید.";
    ErrMonth => "Choose a month.", "یک ماه انتخاب کنید.";
    ErrNoSuchStage => "This stage no longer exists.", "این مرحله دیگر وجود ندارد.";
    ErrSameStage => "The deal is already in this stage.", "معامله همین حالا در این مرحله است.";
    ErrHistoryEmpty => "A deal needs at least one stage event.", "معامله دست‌کم یک رویداد مرحله لازم دارد.";
    ErrUnknownStage => "Choose a stage.", "یک مرحله انتخاب کنید.";
    ErrOutOfOrder => "The date is before the event above ({date}).", "تاریخ پیش از رویداد بالایی ({date}) است.";
    ErrRepeated => "The same stage twice in a row.", "یک مرحله دو بار پشت سر هم آمده است.";
    ErrClosedTwice => "A closed deal must be reopened (an open stage) before it closes again.", "معاملهٔ بسته باید پیش از بسته‌شدن دوباره به یک مرحلهٔ باز برگردد.";
    ErrNameRequired => "A name is required.", "نام الزامی است.";
    ErrNameTaken => "This name is already used.", "این نام قبلاً استفاده شده است.";
    ErrNotFound => "It no longer exists.", "دیگر وجود ندارد.";
    ErrInUse => "{n} records use it, so it cannot be removed; merge it into another instead.", "{n} رکورد از آن استفاده می‌کنند، پس حذف نمی‌شود؛ به‌جای آن در دیگری ادغامش کنید.";
    ErrLastOfKind => "The pipeline needs at least one stage of this kind.", "کاریز دست‌کم یک مرحله از این نوع لازم دارد.";
    ErrQualified => "Pipeline value counts from this stage; choose another qualified stage first.", "ارزش کاریز از این مرحله شمرده می‌شود؛ اول مرحلهٔ واجد شرایط دیگری انتخاب کنید.";
    ErrKindMismatch => "Only stages of the same kind can be merged.", "فقط مرحله‌های هم‌نوع ادغام می‌شوند.";
    ErrBehaviourMismatch => "Only kinds based on the same built-in kind can be merged.", "فقط نوع‌هایی که بر پایهٔ یک نوع اصلی‌اند ادغام می‌شوند.";
    ErrBuiltinKind => "A built-in kind cannot be removed; hide it instead.", "نوع اصلی حذف نمی‌شود؛ آن را پنهان کنید.";
    ErrSameTarget => "Choose another one to merge into.", "برای ادغام مورد دیگری انتخاب کنید.";
    ErrProbability => "Enter a probability from 0 to 100.", "احتمالی بین ۰ تا ۱۰۰ وارد کنید.";
    SkipToContent => "Skip to content", "رفتن به محتوا";
    NavLabel => "Sections", "بخش‌ها";
    NavDashboard => "Dashboard", "داشبورد";
    NavBoard => "Board", "بورد";
    NavDeals => "Deals", "معامله‌ها";
    NavGoals => "Goals", "اهداف";
    NavSettings => "Settings", "تنظیمات";
    Filters => "Filters", "فیلترها";
    FirstContactFrom => "First contact from", "اولین تماس از";
    BoardHeading => "Pipeline board", "بورد کاریز";
    BoardHelp => "Drag a card to another stage with the mouse, or with a finger on its ⠿ grip. From the keyboard, use a card's Move button. A drop is dated with the move date; dropping on Lost asks for the reason.", "کارت را با ماوس، یا با انگشت از دستگیرهٔ ⠿، به مرحلهٔ دیگر بکشید. با صفحه‌کلید از دکمهٔ «جابه‌جایی» کارت استفاده کنید. تاریخ جابه‌جایی همان «تاریخ جابه‌جایی» است؛ رها کردن روی «از دست رفته» دلیل را می‌پرسد.";
    ShowClosed => "Show won and lost cards", "نمایش کارت‌های برنده و از دست رفته";
    DaysInStage => "{n} d in stage", "{n} روز در مرحله";
    Stuck => "Stuck", "گیر کرده";
    StuckCount => "{n} stuck", "{n} گیر کرده";
    MoveEllipsis => "Move…", "جابه‌جایی…";
    MoveDeal => "Move “{deal}”", "جابه‌جایی «{deal}»";
    MoveToStage => "To stage", "به مرحلهٔ";
    MoveConfirm => "Move", "جابه‌جا کن";
    MoveDateHint => "Today is {today}; change the date to record a past move.", "امروز {today} است؛ برای ثبت جابه‌جایی گذشته تاریخ را تغییر دهید.";
    LostNote => "Note (optional)", "توضیح (اختیاری)";
    Close => "Close", "بستن";
    HistoryHeading => "Stage history", "تاریخچهٔ مراحل";
    HistoryHelp => "Every stage the deal entered, oldest first; first contact was {date}. Correct dates, add past stages or remove mistakes, then save.", "هر مرحله‌ای که معامله وارد آن شد، از قدیمی‌ترین؛ اولین تماس {date} بود. تاریخ‌ها را اصلاح کنید، مراحل گذشته را بیفزایید یا اشتباه‌ها را حذف کنید و ذخیره کنید.";
    EventStage => "Stage of event {n}", "مرحلهٔ رویداد {n}";
    EventDate => "Date of event {n}", "تاریخ رویداد {n}";
    RemoveEvent => "Remove event {n}", "حذف رویداد {n}";
    AddEvent => "Add stage event", "افزودن رویداد مرحله";
    SaveHistory => "Save history", "ذخیرهٔ تاریخچه";
    HistorySaved => "Stage history saved.", "تاریخچهٔ مراحل ذخیره شد.";
    ColDaysInStage => "Days in stage", "روز در مرحله";
    SelectDeal => "Select {deal}", "انتخاب {deal}";
    SelectAllShown => "Select all shown deals", "انتخاب همهٔ معامله‌های نمایش‌داده‌شده";
    SelectedCount => "{n} selected", "{n} انتخاب شده";
    BulkActions => "Actions on selected deals", "کار روی معامله‌های انتخاب‌شده";
    BulkOwner => "Change owner", "تغییر مسئول";
    Apply => "Apply", "اعمال";
    DeleteSelected => "Delete selected", "حذف انتخاب‌شده‌ها";
    ClearSelection => "Clear selection", "لغو انتخاب";
    OwnerChanged => "Owner changed on {n} deals.", "مسئول {n} معامله تغییر کرد.";
    OwnerChangedOne => "Owner changed on 1 deal.", "مسئول ۱ معامله تغییر کرد.";
    MarkedLost => "{n} deals marked lost.", "{n} معامله از دست رفته ثبت شد.";
    MarkedLostOne => "1 deal marked lost.", "۱ معامله از دست رفته ثبت شد.";
    DealsDeleted => "{n} deals deleted.", "{n} معامله حذف شد.";
    BulkRefused => "Nothing changed: {n} of the selected deals cannot be marked lost. {list}", "چیزی تغییر نکرد: {n} معاملهٔ انتخاب‌شده را نمی‌توان از دست رفته ثبت کرد. {list}";
    GoalsHeading => "Goals", "اهداف";
    GoalsHelp => "Set a revenue target (in {currency}, the display currency), a won-deals target, or both, per month or quarter, for the team or one owner. The dashboard shows attainment, coverage and leads needed against them.", "برای هر ماه یا فصل، برای تیم یا یک مسئول، هدف درآمد (به {currency}، ارز نمایش)، هدف تعداد معاملهٔ برنده یا هر دو را تعیین کنید. داشبورد میزان تحقق، پوشش و سرنخ‌های لازم را نسبت به آن نشان می‌دهد.";
    GoalFor => "For", "برای";
    Team => "Whole team", "کل تیم";
    GoalSpan => "Period", "بازه";
    Quarter => "Quarter", "فصل";
    Year => "Year", "سال";
    GoalRevenue => "Revenue target ({currency})", "هدف درآمد ({currency})";
    GoalWonDeals => "Won deals target", "هدف معاملهٔ برنده";
    ColRevenueGoal => "Revenue target", "هدف درآمد";
    SaveGoal => "Save goal", "ذخیرهٔ هدف";
    GoalSaved => "Goal saved.", "هدف ذخیره شد.";
    GoalDeleted => "Goal deleted.", "هدف حذف شد.";
    ViewSaved => "View “{name}” saved.", "نمای «{name}» ذخیره شد.";
    ViewDeleted => "View “{name}” deleted.", "نمای «{name}» حذف شد.";
    SavedViewsHeading => "Saved views", "نماهای ذخیره‌شده";
    SaveView => "Save view", "ذخیرهٔ نما";
    ViewName => "View name", "نام نما";
    ManageViews => "Rename or delete", "تغییر نام یا حذف";
    DeleteView => "Delete", "حذف";
    DeleteViewNamed => "Delete the view “{name}”", "حذف نمای «{name}»";
    RenameView => "Name of the view “{name}”", "نام نمای «{name}»";
    NoSavedViews => "No saved views yet: choose a period and filters, then save them under a name.", "هنوز نمایی ذخیره نشده است: بازه و فیلترها را انتخاب کنید و با یک نام ذخیره کنید.";
    NoGoals => "No goals yet.", "هنوز هدفی تعیین نشده است.";
    LeaderboardHeading => "Leaderboard", "جدول رتبه‌بندی";
    ColWonValue => "Won value", "ارزش برنده";
    ColWon => "Won deals", "معاملهٔ برنده";
    LossHeading => "Why deals are lost", "چرا معامله‌ها از دست می‌روند";
    LossSummary => "{n} deals lost in the period, worth {value}", "{n} معامله در این بازه از دست رفت، به ارزش {value}";
    LossNone => "No deals were lost in this period.", "در این بازه معامله‌ای از دست نرفت.";
    ColReason => "Reason", "دلیل";
    ColShare => "Share", "سهم";
    NoReason => "No reason given", "بدون دلیل";
    DropHint => "Drop a Kariz export (.json) or a CRM or spreadsheet file (.csv) to import it", "پروندهٔ خروجی کاریز (.json) یا پروندهٔ CRM یا صفحه‌گسترده (.csv) را رها کنید تا وارد شود";
    DropUnknown => "Kariz reads .json exports, .csv files and spreadsheets (.xlsx, .ods); that file is none of them.", "کاریز خروجی‌های .json، پرونده‌های .csv و صفحه‌گسترده‌ها (.xlsx، .ods) را می‌خواند؛ این پرونده هیچ‌کدام نیست.";
    ImportFromCrm => "Import from a CRM or spreadsheet", "ورود از CRM یا صفحه‌گسترده";
    ChosenOf => "{n} of {total}", "{n} از {total}";
    OtherReasons => "Other reasons", "دلیل‌های دیگر";
    ShowLosses => "Show the deals", "نمایش معامله‌ها";
    HideLosses => "Hide the deals", "بستن فهرست";
    LossDrillTitle => "Recent losses: {reason}", "باخت‌های اخیر: {reason}";
    ColLostFrom => "Lost from", "از مرحلهٔ";
    ColNote => "Note", "یادداشت";
    BeforeAnyStage => "Before any stage", "پیش از هر مرحله";
    LossStackTitle => "Lost deals by stage and reason", "معامله‌های از دست رفته بر حسب مرحله و دلیل";
    LossTrendTitle => "Top loss reasons over time", "دلیل‌های اصلی باخت در طول زمان";
    SegmentsHeading => "Win and loss by owner, source and deal type", "برد و باخت به تفکیک مسئول، منبع و نوع معامله";
    ColLost => "Lost deals", "معاملهٔ باخته";
    ColLostValue => "Value lost", "ارزش از دست رفته";
    ColMedianCycle => "Median cycle", "میانهٔ چرخه";
    MatrixHeading => "Step-by-step comparison", "مقایسهٔ گام‌به‌گام";
    MatrixRows => "Rows", "ردیف‌ها";
    MatrixBlock => "Block", "گلوگاه";
    StepName => "{from} → {to}", "{from} ← {to}";
    MatrixNoBlock => "none", "ندارد";
    MatrixLegend => "Each cell: the step's conversion and median days. ▼ significantly below the rest of the team, ▲ significantly above (one-sided two-proportion z-test, 5% for the whole table); grey: fewer than 5 deals on a side, not judged.", "هر خانه: نرخ تبدیل گام و میانهٔ روزها. ▼ به‌طور معنادار پایین‌تر از بقیهٔ تیم، ▲ به‌طور معنادار بالاتر (آزمون z یک‌طرفهٔ دو نسبت، ۵٪ برای کل جدول)؛ خاکستری: کمتر از ۵ معامله در یک طرف، داوری نشده.";
    MatrixCellTip => "{row}: {rate} ({num} of {den}); the rest of the team {rest} ({rnum} of {rden})", "{row}: {rate} ({num} از {den})؛ بقیهٔ تیم {rest} ({rnum} از {rden})";
    VerdictBelow => "significantly below the rest", "به‌طور معنادار پایین‌تر از بقیه";
    VerdictAbove => "significantly above the rest", "به‌طور معنادار بالاتر از بقیه";
    VerdictFew => "too few deals to judge", "معامله برای داوری کم است";
    ActivityHeading => "Calls and follow-ups", "تماس‌ها و پیگیری‌ها";
    ActivityCallsSub => "{n} calls, {connected} connected", "{n} تماس، {connected} برقرار";
    ActivityTalkSub => "{minutes} min in total", "{minutes} دقیقه در مجموع";
    ActivitySpeedSub => "{fast} within 5 min · {uncalled} not called yet", "{fast} در ۵ دقیقه · {uncalled} هنوز بی‌تماس";
    ActivityWonSub => "{n} deals won", "{n} معاملهٔ برده";
    ActivityFollowSub => "{overdue} overdue", "{overdue} عقب‌افتاده";
    Minutes => "{n} min", "{n} دقیقه";
    ColCalls => "Calls", "تماس‌ها";
    ColAttempts => "Call attempts", "دفعات تماس";
    ColLeads => "Leads", "سرنخ‌ها";
    ColCallsPerDay => "Calls per working day", "تماس در روز کاری";
    ColConnectRate => "Connect rate", "نرخ برقراری";
    ColTalkMinutes => "Talk (min)", "مکالمه (دقیقه)";
    ColSpeed => "Speed to lead (median)", "سرعت پاسخ (میانه)";
    ColWinRate => "Win rate", "نرخ برد";
    CallsChartTitle => "Calls and connect rate", "تماس‌ها و نرخ برقراری";
    CallsTip => "{period} · {owner}: {n} calls · all reps: {total} calls, {rate} connected", "{period} · {owner}: {n} تماس · همه: {total} تماس، {rate} برقرار";
    ConnectedCalls => "Connected", "برقرار";
    SpeedChartTitle => "Speed to lead: time to the first contact", "سرعت پاسخ: زمان تا اولین تماس";
    SpeedBin5Min => "≤ 5 min", "≤ ۵ دقیقه";
    SpeedBinHour => "≤ 1 hour", "≤ ۱ ساعت";
    SpeedBinDay => "≤ 1 day", "≤ ۱ روز";
    SpeedBinWeek => "≤ 1 week", "≤ ۱ هفته";
    SpeedBinLater => "Later", "دیرتر";
    SpeedBinNever => "Not contacted yet", "هنوز بی‌تماس";
    SpeedTip => "{bin}: {n} leads ({share})", "{bin}: {n} سرنخ ({share})";
    ColFirstContact => "First contact", "اولین تماس";
    AttemptsChartTitle => "Conversion by call attempts", "تبدیل بر حسب دفعات تماس";
    AttemptsTip => "{attempts} calls: {leads} leads, {won} won ({rate})", "{attempts} تماس: {leads} سرنخ، {won} برده ({rate})";
    SeriesWon => "Won", "برده";
    SeriesNotWon => "Not won (yet)", "(هنوز) برده نشده";
    ColCycleMedian => "Cycle (median)", "چرخه (میانه)";
    Unassigned => "Unassigned", "بدون مسئول";
    SettingsHeading => "Settings", "تنظیمات";
    SettingsSaved => "Settings saved.", "تنظیمات ذخیره شد.";
    DisplayCurrency => "Display currency", "ارز نمایش";
    QualifiedStage => "Pipeline value counts from stage", "ارزش کاریز از مرحلهٔ";
    LostReasonsLabel => "Lost reasons (one per line)", "دلایل از دست رفتن (هر خط یکی)";
    JalaliDateHint => "YYYY/MM/DD", "سال/ماه/روز";
    UpdateReady => "A new version of Kariz is available. This one keeps working until you reload.", "نسخهٔ تازه‌ای از کاریز آماده است. این نسخه تا بارگذاری دوباره کار می‌کند.";
    UpdateReload => "Reload now", "بارگذاری دوباره";
    Toman => "toman", "تومان";
    RialUnitLabel => "Show Iranian rial amounts in", "نمایش مبلغ‌های ریالی به";
    RialUnitRial => "rials (as stored)", "ریال (همان‌طور که ذخیره می‌شود)";
    RialUnitToman => "tomans (÷ 10)", "تومان (÷ ۱۰)";
    CalendarLabel => "Calendar", "تقویم";
    CalendarGregorian => "Gregorian", "میلادی";
    CalendarJalali => "Jalali (Solar Hijri)", "شمسی (جلالی)";
    WeekStartLabel => "Weeks start on", "شروع هفته";
    WeekMonday => "Monday", "دوشنبه";
    WeekSaturday => "Saturday", "شنبه";
    WeekSunday => "Sunday", "یکشنبه";
    CalendarHelp => "Dates are shown and typed in this calendar, and months, quarters and years on the dashboard follow it (Jalali quarters are the seasons). Stored dates do not change.", "تاریخ‌ها در این تقویم نمایش داده و وارد می‌شوند و ماه، فصل و سال در داشبورد از آن پیروی می‌کنند. تاریخ‌های ذخیره‌شده تغییر نمی‌کنند.";
    StagesHeading => "Pipeline stages", "مراحل کاریز";
    StagesHelp => "Renaming keeps every deal's history. A stage some deal has entered cannot be removed or change kind; merge it into another stage of the same kind instead.", "تغییر نام تاریخچهٔ معامله‌ها را حفظ می‌کند. مرحله‌ای که معامله‌ای واردش شده حذف نمی‌شود و نوعش تغییر نمی‌کند؛ به‌جای آن در مرحلهٔ هم‌نوع دیگری ادغامش کنید.";
    StageName => "Name", "نام";
    StageKindLabel => "Kind", "نوع";
    KindOpen => "Open", "باز";
    KindWon => "Won", "برنده";
    KindLost => "Lost", "از دست رفته";
    Probability => "Default win %", "درصد برد پیش‌فرض";
    ColUses => "Used by", "استفاده";
    MoveUp => "Move up", "بالا بردن";
    MoveDown => "Move down", "پایین بردن";
    Remove => "Remove", "حذف";
    MergeInto => "Merge into…", "ادغام در…";
    Merge => "Merge", "ادغام";
    NewStage => "New stage", "مرحلهٔ جدید";
    AddStage => "Add stage", "افزودن مرحله";
    SourcesHeading => "Lead sources", "منابع سرنخ";
    TypesHeading => "Deal types", "انواع معامله";
    OwnersHeading => "Owners (sales reps)", "مسئولان (فروشندگان)";
    OutcomesHeading => "Call outcomes", "نتیجه‌های تماس";
    OutcomesHelp => "What a call can end with. \"Connected\" outcomes count as reaching a person in the connect rate (past calls too). An outcome calls have can be merged into another instead of removed.", "آنچه یک تماس می‌تواند به آن برسد. نتیجه‌های «برقرار» در نرخ برقراری، رسیدن به یک نفر شمرده می‌شوند (تماس‌های گذشته هم). نتیجه‌ای که تماس دارد به‌جای حذف می‌تواند در دیگری ادغام شود.";
    ColConnectedFlag => "Connected", "برقرار";
    CallsKind => "Log the calls as", "ثبت تماس‌ها با نوع";
    KindsHeading => "Activity kinds", "نوع‌های فعالیت";
    KindsHelp => "What the log dialog offers. The five built-in kinds can be renamed, hidden or moved; a kind you add (\"WhatsApp\", \"Site visit\") behaves like the built-in it is based on and counts as one in the KPIs: only kinds based on Call count as calls (calls per rep, connect rate, talk time). A kind activities have can be merged into another with the same base instead of removed.", "آنچه پنجرهٔ ثبت پیشنهاد می‌دهد. پنج نوع اصلی را می‌توان تغییر نام داد، پنهان کرد یا جابه‌جا کرد؛ نوعی که می‌افزایید («واتس‌اپ»، «بازدید محل») مانند نوع اصلیِ پایه‌اش رفتار می‌کند و در شاخص‌ها همان شمرده می‌شود: فقط نوع‌های بر پایهٔ «تماس» تماس شمرده می‌شوند (تماس هر کارشناس، نرخ برقراری، زمان مکالمه). نوعی که فعالیت دارد به‌جای حذف می‌تواند در نوع دیگری با همان پایه ادغام شود.";
    ColBasedOn => "Based on", "بر پایهٔ";
    ColHiddenKind => "Hidden from the log dialog", "پنهان در پنجرهٔ ثبت";
    NewKindName => "New kind", "نوع جدید";
    AddKind => "Add kind", "افزودن نوع";
    NewName => "New name", "نام جدید";
    Add => "Add", "افزودن";
    DataHeading => "Your data", "داده‌های شما";
    DataHelp => "Everything lives in this browser. Loading the sample replaces your data; clearing removes deals, calls and other activities, next steps, visitors, goals and saved views but keeps stages, sources, owners and deal types. Both can be undone right after.", "همه‌چیز در همین مرورگر است. بارگذاری نمونه داده‌ها را جایگزین می‌کند؛ پاک کردن معامله‌ها، تماس‌ها و دیگر فعالیت‌ها، گام‌های بعدی، بازدیدها، اهداف و نماهای ذخیره‌شده را حذف می‌کند اما مراحل، منابع، مسئولان و انواع معامله می‌مانند. هر دو بلافاصله قابل بازگشت‌اند.";
    StorageUsed => "Stored in this browser: {used} of about {budget} characters ({share}).", "ذخیره‌شده در این مرورگر: {used} از حدود {budget} نویسه ({share}).";
    StorageRoom => "Room for about {n} more deals like these.", "جا برای حدود {n} معاملهٔ دیگر مانند این‌ها.";
    StorageWarn => "Browser storage is {share} full. Export a backup file, then remove old deals to make room: when it is full, changes can no longer be saved.", "فضای ذخیره‌سازی مرورگر {share} پر است. یک پروندهٔ پشتیبان خروجی بگیرید و سپس معامله‌های قدیمی را حذف کنید تا جا باز شود: وقتی پر شود، تغییرات دیگر ذخیره نمی‌شوند.";
    StorageMeterLabel => "Storage used", "فضای استفاده‌شده";
    ClearData => "Clear all data", "پاک کردن همهٔ داده‌ها";
    ConfirmClear => "Delete all deals, calls and other activities, next steps, visitor counts, goals and saved views? You can undo right after.", "همهٔ معامله‌ها، تماس‌ها و دیگر فعالیت‌ها، گام‌های بعدی، بازدیدها، اهداف و نماهای ذخیره‌شده حذف شود؟ بلافاصله پس از آن می‌توانید برگردانید.";
    StorageRoomCalls => "Room for about {n} more calls.", "جا برای حدود {n} تماس دیگر.";
    TeamCapacity => "Measured: a deal takes about {deal} characters, a call about {call}. A team of {reps} making {per_day} calls a day for a year ({calls} calls) with {deals} deals needs about {needed} characters.", "اندازه‌گیری‌شده: هر معامله حدود {deal} نویسه و هر تماس حدود {call}. تیمی {reps} نفره با {per_day} تماس در روز برای یک سال ({calls} تماس) با {deals} معامله حدود {needed} نویسه لازم دارد.";
    TeamFitsAll => "That fits in every browser.", "این در هر مرورگری جا می‌شود.";
    TeamFitsChromium => "That fits in Chrome and Edge (about {chromium} characters per site) but not in Safari or Firefox (about {budget}). Everywhere, about {days} working days of such calls fit beside the deals: before then, export a file and delete old calls in the activity list.", "این در کروم و اج جا می‌شود (حدود {chromium} نویسه برای هر سایت) اما در سافاری و فایرفاکس نه (حدود {budget}). در همهٔ مرورگرها حدود {days} روز کاری از چنین تماس‌هایی کنار معامله‌ها جا می‌شود: پیش از آن، پرونده‌ای بگیرید و تماس‌های قدیمی را در فهرست فعالیت‌ها حذف کنید.";
    TeamFitsNone => "That is more than any browser keeps for a site (about {chromium} characters in Chrome, {budget} in Safari and Firefox). About {days} working days of such calls fit beside the deals: before then, export a file and delete old calls in the activity list.", "این از آنچه هر مرورگری برای یک سایت نگه می‌دارد بیشتر است (حدود {chromium} نویسه در کروم، {budget} در سافاری و فایرفاکس). حدود {days} روز کاری از چنین تماس‌هایی کنار معامله‌ها جا می‌شود: پیش از آن، پرونده‌ای بگیرید و تماس‌های قدیمی را در فهرست فعالیت‌ها حذف کنید.";
    ConfirmSample => "Replace your data with the sample? You can undo right after.", "داده‌های شما با نمونه جایگزین شود؟ بلافاصله پس از آن می‌توانید برگردانید.";
    SampleLoaded => "Sample data loaded.", "دادهٔ نمونه بارگذاری شد.";
    DataCleared => "All data cleared.", "همهٔ داده‌ها پاک شد.";
    ChartsHeading => "Charts", "نمودارها";
    FunnelChartTitle => "Funnel: where deals drop out", "قیف: معامله‌ها کجا می‌ریزند";
    PipelineChartTitle => "Open pipeline by stage", "کاریز باز به تفکیک مرحله";
    ChartMeasure => "Show", "نمایش";
    ByCount => "Count", "تعداد";
    ByValue => "Value", "ارزش";
    StackByLabel => "Split by", "تفکیک بر اساس";
    ShowAsTable => "Show as table", "نمایش به شکل جدول";
    DownloadPng => "Download PNG", "دانلود PNG";
    ChartHint => "Hover a bar, or focus the chart and use the arrow keys, for exact numbers.", "برای عدد دقیق، نشانگر را روی میله ببرید یا نمودار را انتخاب کنید و کلیدهای جهت را بزنید.";
    FunnelCaption => "{amount} · {step} (−{drop})", "{amount} · {step} (ریزش {drop})";
    FunnelTip => "{label}: {count} ({value}); {step} from the step before, {drop} dropped out.", "{label}: {count} ({value})؛ {step} از گام قبل، {drop} ریزش.";
    StackTip => "{stage} · {group}: {count} deals, {value}", "{stage} · {group}: {count} معامله، {value}";
    TrendChartTitle => "Trend: new leads and stage entries", "روند: سرنخ‌های تازه و ورود به مراحل";
    NewStage2 => "New {stage}", "{stage} تازه";
    TrendPart => "{name}: {n} (before: {before})", "{name}: {n} (قبل: {before})";
    CycleChartTitle => "Sales-cycle length: first contact → won", "طول چرخهٔ فروش: اولین تماس ← برد";
    ForecastChartTitle => "Won value against the goal", "ارزش برنده در برابر هدف";
    MedianMarker => "median {n}", "میانه {n}";
    P90Marker => "p90 {n}", "صدک ۹۰: {n}";
    BinTip => "{days} days: {n} deals won", "{days} روز: {n} معاملهٔ برنده";
    SourceCycle => "{source} {median} (p90 {p90}, {n} won)", "{source} {median} (صدک ۹۰: {p90}، {n} برد)";
    BySource => "By source:", "به تفکیک منبع:";
    GoalLine => "Goal {value}", "هدف {value}";
    ForecastTipActual => "Won by {date}: {value}", "برنده تا {date}: {value}";
    ForecastTipEnd => "Expected by {date}: {value} (80% range {range})", "انتظار تا {date}: {value} (بازهٔ ۸۰٪: {range})";
    ColDays => "Days", "روز";
    ColDate => "Date", "تاریخ";
    ColRange => "80% range", "بازهٔ ۸۰٪";
    ErrNotJson => "This file is not JSON ({detail}).", "این پرونده JSON نیست ({detail}).";
    ErrNotKariz => "This is not a Kariz file (it has no \"format\": \"kariz\").", "این پروندهٔ کاریز نیست (\"format\": \"kariz\" ندارد).";
    ErrTooNewFile => "This file was written by a newer Kariz (schema {found}); this app reads up to schema {supported}. Reload to get the newest Kariz, then import it.", "این پرونده با کاریز جدیدتری نوشته شده (نسخهٔ {found})؛ این برنامه تا نسخهٔ {supported} را می‌خواند. صفحه را دوباره بارگذاری کنید و بعد وارد کنید.";
    ErrBadVersion => "Unknown schema version {version}.", "نسخهٔ ناشناختهٔ {version}.";
    ErrInvalidRecords => "Invalid records: {detail}", "رکوردهای نامعتبر: {detail}";
    ExchangeHeading => "Export and import", "خروجی و ورودی";
    ExchangeHelp => "Export everything as one JSON file to keep a backup or share it. Import one file or several at once (a manager collecting each rep's file): you see what each file adds before anything is saved, then merge (newer changes win, deleted deals stay deleted) or replace. Both can be undone.", "همه‌چیز را در یک پروندهٔ JSON خروجی بگیرید تا پشتیبان داشته باشید یا به اشتراک بگذارید. یک یا چند پرونده را با هم وارد کنید (مثلاً مدیری که پروندهٔ هر فروشنده را جمع می‌کند): پیش از ذخیره می‌بینید هر پرونده چه می‌افزاید، سپس ادغام کنید (تغییر جدیدتر برنده است و معاملهٔ حذف‌شده برنمی‌گردد) یا جایگزین کنید. هر دو قابل بازگشت‌اند.";
    ExportJson => "Export JSON", "خروجی JSON";
    ShareExport => "Share the file…", "اشتراک‌گذاری پرونده…";
    ImportFiles => "Import JSON files", "ورود پرونده‌های JSON";
    ImportPreview => "Before anything is saved", "پیش از ذخیره";
    ColFile => "File", "پرونده";
    ColRecords => "Records", "رکوردها";
    ColNew => "New", "تازه";
    ColUpdated => "Updated", "به‌روزشده";
    ColUnchanged => "Unchanged", "بدون تغییر";
    ColConflicting => "Kept ours", "نسخهٔ ما ماند";
    ColDeleted => "Stay deleted", "حذف‌شده می‌ماند";
    MergeImport => "Merge into my data", "ادغام با داده‌های من";
    ReplaceImport => "Replace my data with this file", "جایگزینی داده‌های من با این پرونده";
    CancelImport => "Cancel import", "لغو ورود";
    Imported => "{n} files merged.", "{n} پرونده ادغام شد.";
    ImportedOne => "1 file merged.", "۱ پرونده ادغام شد.";
    Replaced => "Your data was replaced by {file}.", "داده‌های شما با {file} جایگزین شد.";
    LeftOut => "{n} records are invalid and will not be imported:", "{n} رکورد نامعتبر است و وارد نمی‌شود:";
    LeftOutRecord => "{list}, row {row} ({id}): {reason}", "{list}، ردیف {row} ({id}): {reason}";
    KindDeals => "Deals", "معامله‌ها";
    KindTraffic => "Visitor counts", "تعداد بازدیدها";
    KindGoals => "Goals", "اهداف";
    ColDropOff => "Drop-off", "ریزش";
    NoSource => "No source", "بدون منبع";
    NoType => "No type", "بدون نوع";
    Other => "Other", "سایر";
    CsvHeading => "Import from a CRM or spreadsheet (CSV, Excel, ODS)", "ورود از CRM یا صفحه‌گسترده (CSV، Excel، ODS)";
    CsvHelp => "Exports of HubSpot, Pipedrive, Salesforce and plain spreadsheets work: Kariz guesses what each column holds and how its dates are written; check and change anything before the rows are read.", "خروجی HubSpot، Pipedrive، Salesforce و صفحه‌گسترده‌های ساده پذیرفته می‌شود: کاریز حدس می‌زند هر ستون چه دارد و تاریخ‌هایش چگونه نوشته شده؛ پیش از خواندن ردیف‌ها همه را بررسی و در صورت نیاز عوض کنید.";
    ImportCsv => "Import a CSV or spreadsheet file", "ورود پروندهٔ CSV یا صفحه‌گسترده";
    ExportCsv => "Export CSV", "خروجی CSV";
    ExportXlsx => "Export Excel (.xlsx)", "خروجی اکسل (‎.xlsx‎)";
    ExportShownCsv => "Export these deals (CSV)", "خروجی همین معامله‌ها (CSV)";
    ExportShownJson => "Export these deals (JSON)", "خروجی همین معامله‌ها (JSON)";
    ExportKpiCsv => "Export KPIs (CSV)", "خروجی شاخص‌ها (CSV)";
    ReportOpen => "Report", "گزارش";
    ReportTitle => "Sales report", "گزارش فروش";
    ReportPeriod => "Period: {name}, {from} – {to}", "دوره: {name}، {from} تا {to}";
    ReportFilters => "Filters: {filters}", "فیلترها: {filters}";
    ReportNoFilters => "none (all deals)", "هیچ (همهٔ معامله‌ها)";
    ReportFilter => "{field}: {values}", "{field}: {values}";
    ReportMode => "Funnel: {mode}", "قیف: {mode}";
    ReportMade => "Made with Kariz on {date}.", "ساخته‌شده با کاریز در {date}.";
    ReportPrint => "Print / save as PDF", "چاپ / ذخیره به PDF";
    ReportExportHtml => "Download as HTML", "دانلود به‌صورت HTML";
    ReportBack => "Back to the dashboard", "بازگشت به داشبورد";
    ReportTools => "Report actions", "کارهای گزارش";
    KpiColName => "KPI", "شاخص";
    KpiColValue => "Value", "مقدار";
    KpiColDetail => "Detail", "جزئیات";
    KpiColChange => "Change vs previous period", "تغییر نسبت به دورهٔ قبل";
    CsvReading => "Reading the file…", "در حال خواندن پرونده…";
    CsvChecking => "Reading the rows…", "در حال خواندن ردیف‌ها…";
    CsvColumns => "Columns", "ستون‌ها";
    CsvColumn => "Column in the file", "ستون پرونده";
    CsvExamples => "Examples", "نمونه‌ها";
    CsvField => "Kariz field", "فیلد کاریز";
    CsvDateFormat => "Date format", "قالب تاریخ";
    CsvIgnore => "(leave out)", "(وارد نشود)";
    CsvChooseFormat => "Choose: is 01/02 the 1st of February or 2 January?", "انتخاب کنید: ۰۱/۰۲ یعنی یکم فوریه یا دوم ژانویه؟";
    CsvNoFormat => "No format reads these dates", "هیچ قالبی این تاریخ‌ها را نمی‌خواند";
    CsvStages => "Stages", "مرحله‌ها";
    CsvStageValue => "Value in the file", "مقدار در پرونده";
    CsvRows => "Rows", "ردیف‌ها";
    CsvKarizStage => "Kariz stage", "مرحلهٔ کاریز";
    CsvLeaveOut => "Leave these rows out", "این ردیف‌ها وارد نشوند";
    CsvUnmatched => "not recognised: first stage unless you choose", "شناخته نشد: مرحلهٔ اول، مگر انتخاب کنید";
    CsvCurrency => "Currency of amounts that name none", "ارز مبلغ‌هایی که ارز ندارند";
    CsvRulesTitle => "How rows are read (nothing is invented)", "ردیف‌ها چگونه خوانده می‌شوند (چیزی ساخته نمی‌شود)";
    CsvRules => "A deal is named by its name column, else its company, contact or the file's id; only a row none of these names is left out.|An empty amount is 0; amounts may carry thousands separators, currency symbols or codes, or Persian digits; toman amounts are stored as rials (× 10).|Columns of dates per stage (“Date entered …”, “MQL date”) become stage events in pipeline order; dates out of order or in the future leave the row out, naming the column. Without them the deal enters its stage on its created date; a won or lost deal enters the first stage on its created date and closes on its won/lost date, or on its close date when there is none.|A won or lost deal with no closing date or no created date is left out and listed: Kariz does not guess when revenue happened.|Open deals with no created date are counted and you choose: they start on the file's earliest date, today, or are left out.|A stage-history file (one row per stage change) joins by deal id: its changes become stage events in date order, repeats dropped; rows of deals not in the deals file are counted, not imported.|Importing the next export of the same CRM updates those deals in place, keeps their recorded history and adds only stages they had not reached; deals no longer in the file are listed, never deleted.|Dates after today are refused, except expected close dates.|Owners and sources are matched by name; new names are added.|Rows with an id (or the same name, company and created date) update the same deal when imported again.", "نام معامله از ستون نام است، وگرنه از شرکت، مخاطب یا شناسهٔ پرونده؛ فقط ردیفی که هیچ‌کدام را ندارد وارد نمی‌شود.|مبلغ خالی صفر است؛ مبلغ می‌تواند جداکنندهٔ هزارگان، نماد یا کد ارز یا رقم فارسی داشته باشد؛ مبلغ تومانی به ریال (× ۱۰) ذخیره می‌شود.|ستون‌های تاریخِ هر مرحله («Date entered …»، «تاریخ SQL») به رویدادهای مرحله به ترتیب قیف تبدیل می‌شوند؛ تاریخ نابه‌ترتیب یا آینده ردیف را با نام ستون کنار می‌گذارد. بدون آن‌ها معامله در تاریخ ایجادش وارد مرحله‌اش می‌شود؛ معاملهٔ برنده یا ازدست‌رفته در تاریخ ایجاد وارد مرحلهٔ اول می‌شود و در تاریخ برد/باخت، یا اگر نبود تاریخ بستن، بسته می‌شود.|معاملهٔ برنده یا ازدست‌رفته‌ای که تاریخ بسته‌شدن یا تاریخ ایجاد ندارد وارد نمی‌شود و فهرست می‌شود: کاریز زمان درآمد را حدس نمی‌زند.|معامله‌های باز بدون تاریخ ایجاد شمرده می‌شوند و شما انتخاب می‌کنید: از زودترین تاریخ پرونده، از امروز، یا وارد نشوند.|پروندهٔ تاریخچهٔ مرحله‌ها (هر ردیف یک تغییر مرحله) با شناسهٔ معامله وصل می‌شود: تغییرهایش به ترتیب تاریخ رویداد مرحله می‌شوند و تکرارها حذف می‌شوند؛ ردیف‌های معامله‌هایی که در پروندهٔ معامله‌ها نیستند شمرده می‌شوند و وارد نمی‌شوند.|ورود خروجی بعدی همان CRM همان معامله‌ها را همان‌جا به‌روز می‌کند، تاریخچهٔ ثبت‌شده‌شان را نگه می‌دارد و فقط مرحله‌هایی را که هنوز نرسیده بودند می‌افزاید؛ معامله‌هایی که دیگر در پرونده نیستند فهرست می‌شوند و هرگز حذف نمی‌شوند.|تاریخ‌های پس از امروز پذیرفته نمی‌شوند، جز تاریخ بستن مورد انتظار.|مسئول‌ها و منبع‌ها با نام تطبیق داده می‌شوند؛ نام‌های تازه افزوده می‌شوند.|ردیف دارای شناسه (یا همان نام، شرکت و تاریخ ایجاد) در ورود دوباره همان معامله را به‌روز می‌کند.";
    CsvCheck => "Read the rows", "خواندن ردیف‌ها";
    CsvBack => "Back to the columns", "بازگشت به ستون‌ها";
    CsvImportDealsOne => "Import 1 deal", "ورود ۱ معامله";
    CsvImportDeals => "Import {n} deals", "ورود {n} معامله";
    CsvUndated => "{n} open deals have no created date. They start on:", "{n} معاملهٔ باز تاریخ ایجاد ندارد. شروع آن‌ها:";
    CsvNewNames => "New owners and sources: {names}", "مسئول‌ها و منبع‌های تازه: {names}";
    CsvManyLeftOut => "{n} of {total} rows ({share}) would be left out. That is more than 5%: check the columns and stage values before importing.", "{n} ردیف از {total} ردیف ({share}) وارد نمی‌شود. این بیش از ۵٪ است: پیش از ورود، ستون‌ها و مقدارهای مرحله را بررسی کنید.";
    CsvLeftOut => "{n} rows will not be imported:", "{n} ردیف وارد نمی‌شود:";
    CsvMore => "…and {n} more", "…و {n} مورد دیگر";
    CsvRowIssue => "Line {line}{column}: {problem}", "سطر {line}{column}: {problem}";
    CsvImported => "{n} deals imported from {file}.", "{n} معامله از {file} وارد شد.";
    CsvImportedOne => "1 deal imported from {file}.", "۱ معامله از {file} وارد شد.";
    CallsDetected => "This file is a phone system's call log: each call is matched to a deal by the contact's phone number (0912…, +98 912…, Persian digits: all the same number).", "این پرونده گزارش تماس‌های یک سامانهٔ تلفنی است: هر تماس با شمارهٔ تلفن مخاطب به یک معامله وصل می‌شود (‎0912…، ‎+98 912…، رقم‌های فارسی: همه یک شماره‌اند).";
    CallsAsLog => "Import as a call log", "ورود به‌صورت گزارش تماس";
    CallsAsDeals => "Import as deals instead", "ورود به‌صورت معامله";
    CallStart => "Start (date and time)", "شروع (تاریخ و ساعت)";
    CallTime => "Time of day", "ساعت";
    CallCaller => "Caller (from)", "تماس‌گیرنده (از)";
    CallCallee => "Called number (to)", "شمارهٔ مقصد (به)";
    CallCallerId => "Caller id", "شناسهٔ تماس‌گیرنده";
    CallChannel => "Channel", "کانال";
    CallDstChannel => "Destination channel", "کانال مقصد";
    CallDuration => "Duration", "مدت";
    CallTalk => "Talk time", "مدت مکالمه";
    CallStatus => "Status", "وضعیت";
    CallUniqueId => "Call id", "شناسهٔ تماس";
    CallDirection => "Direction", "جهت";
    CallAgent => "Agent or extension", "کارشناس یا داخلی";
    CallsSummary => "What the call log holds", "آنچه در گزارش تماس است";
    CallsMatched => "Calls matched to a deal", "تماس‌های وصل به معامله";
    CallsUnmatched => "Calls to numbers no deal has", "تماس با شماره‌هایی که هیچ معامله‌ای ندارد";
    CallsNumbers => "Distinct unmatched numbers", "شماره‌های بی‌معامله (یکتا)";
    CallsAlready => "Already imported", "پیش‌تر وارد شده";
    CallsInternal => "Internal calls (left out)", "تماس‌های داخلی (کنار گذاشته)";
    CallsRepeated => "Further legs of one call (left out)", "بخش‌های دیگر یک تماس (کنار گذاشته)";
    CallsProblems => "Rows with problems (left out)", "ردیف‌های مشکل‌دار (کنار گذاشته)";
    CallsOwnersHeading => "Who made or took the calls", "چه کسی تماس گرفت یا پاسخ داد";
    CallsWho => "Extension or agent", "داخلی یا کارشناس";
    CallsCount => "Calls", "تماس‌ها";
    CallsNoOwner => "(no owner)", "(بدون مسئول)";
    CallsUnmatchedChoice => "Calls to numbers no deal has", "تماس با شماره‌هایی که معامله ندارند";
    CallsCreateLeads => "Create a lead for each number ({n})", "برای هر شماره یک سرنخ بساز ({n})";
    CallsLeaveOut => "Leave them out", "کنار بگذار";
    CallsImport => "Import {n} calls", "ورود {n} تماس";
    CallsImported => "{calls} calls and {leads} new leads imported from {file}.", "{calls} تماس و {leads} سرنخ تازه از {file} وارد شد.";
    CallNoTime => "no call time", "زمان تماس ندارد";
    CallBadTime => "not a date and time: {text}", "تاریخ و ساعت نیست: {text}";
    CallBadDuration => "not a duration: {text}", "مدت نیست: {text}";
    CallNoNumber => "no customer number: {text}", "شمارهٔ مشتری ندارد: {text}";
    CsvTooLarge => "The file is {size} MB; Kariz imports CSV files up to {limit} MB.", "حجم پرونده {size} مگابایت است؛ کاریز پرونده‌های CSV تا {limit} مگابایت را وارد می‌کند.";
    CsvTooManyRows => "The file has more than {limit} rows; split it into smaller files.", "پرونده بیش از {limit} ردیف دارد؛ آن را به چند پروندهٔ کوچک‌تر تقسیم کنید.";
    ErrFileTooLarge => "The file is {size} MB; Kariz imports files up to {limit} MB.", "حجم پرونده {size} مگابایت است؛ کاریز پرونده‌های تا {limit} مگابایت را وارد می‌کند.";
    CsvNoHeader => "The file is empty: there is no header row.", "پرونده خالی است: سطر عنوان ندارد.";
    CsvNoRows => "The file has a header but no rows.", "پرونده سطر عنوان دارد اما ردیفی ندارد.";
    CsvMalformed => "The file is not readable CSV at line {line}: {detail}", "پرونده در سطر {line} CSV خوانا نیست: {detail}";
    CsvUnreadable => "The file could not be read as text.", "پرونده به‌صورت متن خوانده نشد.";
    RowNoTitle => "nothing names the deal (no name, company, contact or id)", "هیچ چیز معامله را نام نمی‌برد (نه نام، نه شرکت، نه مخاطب، نه شناسه)";
    RowBadDate => "“{value}” is not a date in the chosen format", "«{value}» در قالب انتخاب‌شده تاریخ نیست";
    RowFutureDate => "“{value}” is after today", "«{value}» پس از امروز است";
    RowBadAmount => "“{value}” is not an amount", "«{value}» مبلغ نیست";
    RowBadCurrency => "“{value}” is not a currency code", "«{value}» کد ارز نیست";
    RowNoCloseDate => "won or lost, but no closing date", "برنده یا ازدست‌رفته است اما تاریخ بسته‌شدن ندارد";
    RowNoCreatedDate => "won or lost, but no created date", "برنده یا ازدست‌رفته است اما تاریخ ایجاد ندارد";
    RowClosedBeforeCreated => "closes before it was created", "پیش از ایجاد بسته شده است";
    RowStageLeftOut => "stage “{value}” is set to be left out", "مرحلهٔ «{value}» برای کنارگذاشتن انتخاب شده";
    RowStageDateOrder => "“{value}” is before the date of an earlier stage", "«{value}» پیش از تاریخ مرحله‌ای قبلی است";
    RowStageDateConflict => "“{value}” dates a stage the deal's current stage rules out", "«{value}» تاریخ مرحله‌ای است که با مرحلهٔ فعلی معامله نمی‌خواند";
    CsvEnteredStage => "Entered stage: {stage}", "ورود به مرحلهٔ {stage}";
    CsvAddHistory => "Add a stage-history file", "افزودن پروندهٔ تاریخچهٔ مرحله‌ها";
    CsvHistoryHelp => "One row per stage change, joined to the deals by deal id: Salesforce's opportunity history, Pipedrive's deal flow, or a sheet of deal id, stage and date. Its stage values are mapped in the stage list below, with the deals file's.", "هر ردیف یک تغییر مرحله، که با شناسهٔ معامله به معامله‌ها وصل می‌شود: تاریخچهٔ فرصت Salesforce، جریان معاملهٔ Pipedrive یا جدولی از شناسهٔ معامله، مرحله و تاریخ. مقدارهای مرحلهٔ آن همراه با مقدارهای پروندهٔ معامله‌ها در فهرست مرحله‌ها در پایین نگاشته می‌شوند.";
    CsvHistoryFile => "Stage history: {file} ({n} rows)", "تاریخچهٔ مرحله‌ها: {file} ({n} ردیف)";
    CsvHistoryRemove => "Remove the history file", "برداشتن پروندهٔ تاریخچه";
    CsvHistoryDeal => "Deal id", "شناسهٔ معامله";
    CsvHistoryStage => "Stage entered", "مرحلهٔ واردشده";
    CsvHistoryDate => "Date of the change", "تاریخ تغییر";
    CsvHistoryField => "Field changed (only stage rows are read)", "فیلد تغییرکرده (فقط ردیف‌های مرحله خوانده می‌شوند)";
    CsvHistoryNeeds => "Choose the deal id, stage and date columns and the date format of the history file.", "ستون‌های شناسهٔ معامله، مرحله و تاریخ و قالب تاریخ پروندهٔ تاریخچه را انتخاب کنید.";
    CsvNoIdColumn => "The deals file has no column mapped to the id: map one so the history can be joined.", "در پروندهٔ معامله‌ها هیچ ستونی به شناسه نگاشته نشده: یکی را نگاشت کنید تا تاریخچه وصل شود.";
    CsvCloseDateNote => "Close date: for won and lost deals Kariz reads it as the day they closed, as HubSpot and Salesforce write it; for open deals, as the expected close.", "تاریخ بستن: برای معامله‌های برنده و ازدست‌رفته، کاریز آن را روز بسته‌شدن می‌خواند، همان‌طور که HubSpot و Salesforce می‌نویسند؛ برای معامله‌های باز، تاریخ بستن مورد انتظار.";
    CsvCoverage => "History per stage", "تاریخچه به تفکیک مرحله";
    CsvCoverageDated => "Deals dated by the file", "معامله‌های دارای تاریخ از پرونده";
    CsvCoverageInferred => "Deals with an inferred date", "معامله‌های با تاریخ استنباط‌شده";
    CsvHistoryJoined => "{n} stage changes from the history file joined to deals.", "{n} تغییر مرحله از پروندهٔ تاریخچه به معامله‌ها وصل شد.";
    CsvHistoryUnmatched => "{n} history rows name a deal id that is not in the deals file and are not imported: {ids}", "{n} ردیف تاریخچه شناسهٔ معامله‌ای دارد که در پروندهٔ معامله‌ها نیست و وارد نمی‌شود: {ids}";
    CsvHistoryBadRows => "{n} history rows could not be read:", "{n} ردیف تاریخچه خوانده نشد:";
    CsvUpdatedInPlace => "{n} deals are already in Kariz from an earlier import: they are updated in place and keep their recorded history.", "{n} معامله از ورود قبلی در کاریز هست: همان‌جا به‌روز می‌شوند و تاریخچهٔ ثبت‌شده‌شان می‌ماند.";
    CsvMissing => "{n} deals imported earlier are not in this file (deleted or moved in the other system?). They are kept: {names}", "{n} معامله که پیش‌تر وارد شده در این پرونده نیست (در سامانهٔ دیگر حذف یا جابه‌جا شده؟). نگه داشته می‌شوند: {names}";
    UndatedEarliest => "the file's earliest date ({date})", "زودترین تاریخ پرونده ({date})";
    UndatedToday => "today (they count in this month's funnel)", "امروز (در قیف این ماه شمرده می‌شوند)";
    UndatedLeaveOut => "leave them out", "وارد نشوند";
    CsvUndatedPick => "Choose when the open deals without a created date start.", "انتخاب کنید معامله‌های باز بدون تاریخ ایجاد از کی شروع شوند.";
    FieldId => "Id in the other system", "شناسه در سامانهٔ دیگر";
    FieldStatus => "Status (open/won/lost)", "وضعیت (باز/برنده/ازدست‌رفته)";
    FieldCreated => "Created (first contact)", "ایجاد (اولین تماس)";
    FieldClosed => "Won/lost date", "تاریخ برد/باخت";
    FormatYmd => "Year-month-day (2025-03-31)", "سال-ماه-روز میلادی (2025-03-31)";
    FormatMdy => "Month/day/year (03/31/2025)", "ماه/روز/سال (03/31/2025)";
    FormatDmy => "Day/month/year (31/03/2025)", "روز/ماه/سال (31/03/2025)";
    FormatJalali => "Jalali year/month/day (۱۴۰۴/۰۱/۱۱)", "سال/ماه/روز شمسی (۱۴۰۴/۰۱/۱۱)";
    DealsMerged => "Merged into “{deal}”.", "در «{deal}» ادغام شد.";
    DupPhone => "same phone", "تلفن یکسان";
    DupEmail => "same email", "ایمیل یکسان";
    DupTitleCompany => "same title and company", "عنوان و شرکت یکسان";
    DupHeading => "Likely duplicates", "تکراری‌های احتمالی";
    DupBannerOne => "One pair of deals looks like the same lead entered twice.", "یک جفت معامله به نظر یک سرنخ است که دو بار ثبت شده.";
    DupBanner => "{n} pairs of deals look like the same lead entered twice.", "{n} جفت معامله به نظر یک سرنخ‌اند که دو بار ثبت شده‌اند.";
    DupReview => "Review duplicates", "بررسی تکراری‌ها";
    DupFirst => "Deal", "معامله";
    DupSecond => "Looks like", "شبیه";
    DupWhy => "Why", "دلیل";
    DupMerge => "Merge into the first", "ادغام در اولی";
    DupMergeHelp => "One deal survives with both stage histories, and the other's calls and next steps; undo takes it back.", "یک معامله با تاریخچهٔ مرحله‌های هر دو و تماس‌ها و گام‌های بعدی دیگری می‌ماند؛ با «برگرداندن» به حالت قبل برمی‌گردد.";
    DupNotSame => "Not the same", "یکی نیستند";
    DupFormWarn => "Looks like “{deal}” ({why}), already in Kariz.", "شبیه «{deal}» ({why}) است که در کاریز هست.";
    DupFormOpen => "Open it", "بازکردن آن";
    DupImportOne => "One row looks like a deal you already have.", "یک ردیف شبیه معامله‌ای است که دارید.";
    DupImport => "{n} rows look like deals you already have.", "{n} ردیف شبیه معامله‌هایی است که دارید.";
    DupForAll => "For all of them", "برای همه";
    DupUpdate => "Update the existing deal", "به‌روزرسانی معاملهٔ موجود";
    DupKeepBoth => "Keep both", "نگه‌داشتن هر دو";
    DupSkip => "Skip the row", "واردنکردن ردیف";
    DupInFile => "In the file", "در پرونده";
    DupExisting => "Already in Kariz", "موجود در کاریز";
    DupChoice => "What to do", "چه شود";
    DupPick => "Choose what to do with the rows that look like deals you already have.", "انتخاب کنید با ردیف‌هایی که شبیه معامله‌های موجودند چه شود.";
    DupAfterMergeOne => "One pair of deals now looks like the same lead: review it in the deal list.", "یک جفت معامله اکنون یک سرنخ به نظر می‌رسد: در فهرست معامله‌ها بررسی‌اش کنید.";
    DupAfterMerge => "{n} pairs of deals now look like the same lead: review them in the deal list.", "{n} جفت معامله اکنون یک سرنخ به نظر می‌رسند: در فهرست معامله‌ها بررسی‌شان کنید.";
    SheetUnreadable => "This spreadsheet could not be read ({detail}). Save it as .xlsx, .ods or CSV and try again.", "این صفحه‌گسترده خوانده نشد ({detail}). آن را با قالب ‎.xlsx‎، ‎.ods‎ یا CSV ذخیره کنید و دوباره امتحان کنید.";
    SheetNoSheets => "The workbook has no sheets.", "این کارپوشه هیچ برگه‌ای ندارد.";
    SheetMissing => "The workbook has no sheet named “{sheet}”.", "این کارپوشه برگه‌ای به نام «{sheet}» ندارد.";
    SheetReader => "The spreadsheet reader did not start ({detail}). Reload the page once while online, or save the file as CSV.", "خوانندهٔ صفحه‌گسترده اجرا نشد ({detail}). صفحه را یک بار در حالت برخط بارگذاری کنید یا پرونده را CSV ذخیره کنید.";
    SheetChoose => "Sheet", "برگه";
    SheetReading => "Reading the spreadsheet…", "در حال خواندن صفحه‌گسترده…";
    RecNoEvents => "it has no stage events", "هیچ رویداد مرحله‌ای ندارد";
    RecUnknownStage => "it refers to unknown stage {stage}", "به مرحلهٔ ناشناختهٔ {stage} اشاره می‌کند";
    RecOutOfOrder => "its stage events are out of date order", "رویدادهای مرحله‌اش به ترتیب تاریخ نیستند";
    RecUnreadable => "unreadable record: {detail}", "رکورد ناخوانا: {detail}";
    Footer => "Your data stays in this browser; nothing is sent anywhere.", "داده‌های شما در همین مرورگر می‌ماند و به جایی فرستاده نمی‌شود.";
}

/// The translation of `key`.
pub fn t(lang: Language, key: Key) -> &'static str {
    key.text(lang)
}

/// The translation of `key` in the language `lang` holds, as a text or attribute that follows it.
/// One closure type for every such label: each `move || t(lang.get(), key)` written in a view
/// is a type of its own, for which Leptos's rendering code is compiled again.
pub fn tx(
    lang: leptos::prelude::Memo<Language>,
    key: Key,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    move || t(lang.get(), key)
}

/// The translation of `key` with `{name}` placeholders replaced.
pub fn tf(lang: Language, key: Key, args: &[(&str, &str)]) -> String {
    args.iter()
        .fold(t(lang, key).to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// A count in a sentence that has a singular form ("1 file merged.") and a plural one ("{n}
/// files merged."); Persian nouns do not change after a number, but both languages go through
/// here so a sentence never reads "1 files" or "file(s)".
pub fn plural(lang: Language, n: u64, one: Key, many: Key, args: &[(&str, &str)]) -> String {
    if n == 1 {
        tf(lang, one, args)
    } else {
        tf(lang, many, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_translations() {
        for key in Key::ALL {
            for lang in [Language::En, Language::Fa] {
                assert!(
                    !t(lang, *key).trim().is_empty(),
                    "{key:?} is empty in {lang:?}"
                );
            }
            if !matches!(
                key,
                Key::AppTitle | Key::Range | Key::StepName | Key::ReportFilter
            ) {
                assert!(
                    t(Language::Fa, *key)
                        .chars()
                        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                    "{key:?} is not Persian"
                );
            }
        }
    }

    #[test]
    fn placeholders_survive_translation() {
        for key in Key::ALL {
            let names = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(
                names(t(Language::En, *key)),
                names(t(Language::Fa, *key)),
                "{key:?}"
            );
        }
    }

    #[test]
    fn counts_read_right_in_both_languages() {
        use crate::domain::command::Notice;
        let say = |lang, n| crate::i18n::notice(lang, &Notice::FilesMerged { n, duplicates: 0 });
        assert_eq!(say(Language::En, 1), "1 file merged.");
        assert_eq!(say(Language::En, 2), "2 files merged.");
        assert_eq!(say(Language::Fa, 3), "۳ پرونده ادغام شد.");
        let dups = |duplicates| Notice::FilesMerged { n: 1, duplicates };
        assert_eq!(
            crate::i18n::notice(Language::En, &dups(2)),
            "1 file merged. 2 pairs of deals now look like the same lead: review them in the deal list."
        );
        assert_eq!(
            crate::i18n::notice(Language::En, &dups(1)),
            "1 file merged. One pair of deals now looks like the same lead: review it in the deal list."
        );
        let deleted = crate::i18n::notice(Language::En, &Notice::DealsDeleted { n: 1 });
        assert_eq!(deleted, "Deal deleted.");
    }

    /// Every call that fills a sentence's placeholders from a literal list (`tf(lang, Key::X,
    /// &[("n", …)])`, `say(Key::X, vec![("n", …)])`) names exactly the placeholders the sentence
    /// has: a typo or a forgotten value fails here instead of showing "{n}" to a user.
    #[test]
    fn call_sites_fill_exactly_the_placeholders() {
        fn placeholders(s: &str) -> Vec<String> {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            v.sort();
            v.dedup();
            v
        }
        /// The names in `("name", value)` pairs of a list that starts right after `Key::X, `.
        fn arg_names(list: &str) -> Option<Vec<String>> {
            let body = list
                .strip_prefix("&[")
                .or_else(|| list.strip_prefix("vec!["))?;
            let mut depth = 1usize;
            let end = body.char_indices().find_map(|(i, c)| {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(i)
            })?;
            // leptosfmt may break a long pair after its `(`, so a name can start a line.
            let mut names: Vec<String> = body[..end]
                .split('(')
                .skip(1)
                .filter_map(|p| p.trim_start().strip_prefix('"')?.split_once("\","))
                .map(|(n, _)| n.to_string())
                .collect();
            names.sort();
            names.dedup();
            Some(names)
        }
        fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    files(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut paths = Vec::new();
        files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut paths,
        );
        let mut checked = 0;
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("Key::") {
                let rest = &text[at + 5..];
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
                let after = rest[name.len()..].trim_start();
                let Some(list) = after.strip_prefix(',').map(str::trim_start) else {
                    continue;
                };
                let Some(given) = arg_names(list) else {
                    continue;
                };
                let Some(key) = Key::ALL.iter().find(|k| format!("{k:?}") == name) else {
                    continue;
                };
                assert_eq!(
                    given,
                    placeholders(t(Language::En, *key)),
                    "{}: Key::{name}",
                    path.display()
                );
                checked += 1;
            }
        }
        println!("{checked} call sites checked");
        assert!(checked > 40, "only {checked} call sites found");
    }
}
