//! Widgets written once: the form, table and dialog shapes every section uses, each accessible
//! by construction (labels tied to controls, errors announced with them, dialogs that keep focus).

mod choice;
mod confirm;
mod dialog;
mod field;
mod file_picker;
mod labelled;
mod multi_choice;
mod table;

pub(crate) use choice::{stage_options, text_options, Choice, Options};
pub(crate) use confirm::confirmed;
pub(crate) use dialog::Modal;
pub(crate) use field::{problem_of, Field, FieldIds, TextInput};
pub(crate) use file_picker::FilePicker;
pub(crate) use labelled::Labelled;
pub(crate) use multi_choice::MultiChoice;
pub(crate) use table::{head_keys, head_text, DataTable};
