//! The board's move dialog: the keyboard (and lost-reason) path of moving a card to another stage.

use super::Pending;
use crate::domain::ops::{Move, MoveError};
use crate::domain::{Dataset, Date, DealId, Language, StageId, StageKind};
use crate::i18n::{fmt_date, move_problem, t, tf, tx, Key};
use crate::ui::clock;
use crate::ui::form::DateField;
use crate::ui::widgets::{stage_options, text_options, Choice, Field, Modal};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The keyboard (and lost-reason) path of a move: choose the stage, the date, and for lost the
/// reason and note.
#[component]
pub(super) fn MoveDialog(
    ds: ReadSignal<Dataset>,
    lang: Memo<Language>,
    pending: RwSignal<Option<Pending>>,
    move_date: RwSignal<String>,
    run: impl Fn(DealId, Move, Date) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let date = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let reset = move |_| {
        date.set(move_date.get_untracked());
        reason.set(String::new());
        note.set(String::new());
        error.set(None);
    };
    let target_kind = move || {
        pending.with(|p| {
            p.as_ref()
                .and_then(|p| ds.with(|d| d.stage(&StageId(p.to.clone())).map(|s| s.kind)))
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = pending.get_untracked() else {
            return;
        };
        let lang = lang.get_untracked();
        let Ok(day) = Date::parse(&date.get_untracked()) else {
            error.set(Some(t(lang, Key::ErrDateFormat).to_string()));
            return;
        };
        let target = StageId(p.to.clone());
        let mv = if target_kind() == Some(StageKind::Lost) {
            Move::Lose {
                reason: reason.get_untracked(),
                note: note.get_untracked(),
            }
        } else {
            Move::To(target)
        };
        // Check first so the dialog can show the reason and stay open.
        let check = ds.with_untracked(|d| {
            d.deal(&p.id)
                .ok_or(MoveError::NoSuchDeal)
                .and_then(|deal| d.move_target(deal, &mv))
        });
        if let Err(e) = check {
            error.set(Some(move_problem(lang, &e)));
            return;
        }
        let id = p.id.clone();
        if run(p.id, mv, day) {
            pending.set(None);
            // Keyboard users keep their place: focus follows the card to its new column.
            request_animation_frame(move || {
                let selector = format!("[data-deal=\"{}\"] .card-title", id.0);
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector(&selector).ok().flatten())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    // Focus can only fail on a detached element; then there is nothing to keep.
                    let _ = el.focus();
                }
            });
        }
    };
    view! {
        <Modal
            open=move || pending.with(|p| p.is_some())
            on_open=reset
            on_close=move |_| pending.set(None)
            labelled_by="move-title"
            class="move-dialog"
            testid="move-dialog"
        >
            <form on:submit=submit novalidate>
                <h2 id="move-title">
                    {move || {
                        pending
                            .with(|p| {
                                p.as_ref()
                                    .map(|p| tf(lang.get(), Key::MoveDeal, &[("deal", &p.title)]))
                            })
                    }}
                </h2>
                <Field id="move-stage" label=tx(lang, Key::MoveToStage)>
                    <Choice
                        first="—"
                        current=move || {
                            pending.with(|p| p.as_ref().map(|p| p.to.clone()).unwrap_or_default())
                        }
                        set=move |v| {
                            pending
                                .update(|p| {
                                    if let Some(p) = p {
                                        p.to = v;
                                    }
                                })
                        }
                        options=move || {
                            let from = pending.with(|p| p.as_ref().map(|p| p.from.clone()));
                            ds.with(|d| stage_options(d, |s| Some(&s.id) != from.as_ref()))
                        }
                    />
                </Field>
                <Field id="move-date" label=tx(lang, Key::MoveDate)>
                    <DateField lang=lang value=date set=move |v| date.set(v) />
                </Field>
                <Show when=move || target_kind() == Some(StageKind::Lost)>
                    <Field id="move-reason" label=tx(lang, Key::LostReason)>
                        <Choice
                            first="—"
                            current=reason
                            set=move |v| reason.set(v)
                            options=move || ds.with(|d| text_options(&d.settings.lost_reasons))
                        />
                    </Field>
                    <Field id="move-note" label=tx(lang, Key::LostNote) bind=note />
                </Show>
                <p class="error" role="alert">
                    {move || error.get()}
                </p>
                <div class="buttons">
                    <button type="submit" class="primary" data-testid="confirm-move">
                        {tx(lang, Key::MoveConfirm)}
                    </button>
                    <button type="button" on:click=move |_| pending.set(None)>
                        {tx(lang, Key::Cancel)}
                    </button>
                </div>
                <p class="muted">
                    {move || {
                        pending
                            .with(|p| {
                                p.as_ref()
                                    .map(|_| tf(
                                        lang.get(),
                                        Key::MoveDateHint,
                                        &[("today", &fmt_date(lang.get(), clock::today()))],
                                    ))
                            })
                    }}
                </p>
            </form>
        </Modal>
    }
}
