//! The commands of named saved views: save the dashboard's current view under a name, rename,
//! delete (with undo). A view is a record like a goal: merged by id and change time, deleted
//! with a tombstone.

use super::*;

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Dataset {
    /// Applies a saved-view command (the others are answered by `apply`).
    pub(super) fn apply_views(
        &mut self,
        command: Command,
        now: Timestamp,
    ) -> Result<Applied, CommandError> {
        let setup = CommandError::Setup;
        match command {
            Command::SaveView { id, name, query } => {
                let name = name.trim().to_string();
                if name.is_empty() {
                    return Err(setup(SetupError::NameRequired));
                }
                // Saving under a name already taken updates that view (the user saves "Telesales"
                // again after changing its filters).
                match self.views.iter_mut().find(|v| same_name(&v.name, &name)) {
                    Some(view) => {
                        view.name = name.clone();
                        view.query = query;
                        view.updated_at = now;
                    }
                    None => {
                        self.tombstones.retain(|t| t.id != id.0);
                        self.views.push(SavedView {
                            id,
                            name: name.clone(),
                            query,
                            updated_at: now,
                        });
                    }
                }
                Ok(Applied::says(Notice::ViewSaved { name }))
            }
            Command::RenameView { id, name } => {
                let name = name.trim().to_string();
                if name.is_empty() {
                    return Err(setup(SetupError::NameRequired));
                }
                if self
                    .views
                    .iter()
                    .any(|v| v.id != id && same_name(&v.name, &name))
                {
                    return Err(setup(SetupError::NameTaken));
                }
                let view = self
                    .views
                    .iter_mut()
                    .find(|v| v.id == id)
                    .ok_or(CommandError::Gone)?;
                view.name = name.clone();
                view.updated_at = now;
                Ok(Applied::says(Notice::ViewSaved { name }))
            }
            Command::DeleteView { id } => {
                let at = self
                    .views
                    .iter()
                    .position(|v| v.id == id)
                    .ok_or(CommandError::Gone)?;
                let view = self.views.remove(at);
                self.tombstones.retain(|t| t.id != id.0);
                self.tombstones.push(Tombstone {
                    id: id.0,
                    deleted_at: now,
                });
                Ok(Applied::says(Notice::ViewDeleted {
                    name: view.name.clone(),
                })
                .undone_by(Command::RestoreView { view }))
            }
            Command::RestoreView { mut view } => {
                self.tombstones.retain(|t| t.id != view.id.0);
                self.views.retain(|v| v.id != view.id);
                view.updated_at = now;
                self.views.push(view);
                Ok(Applied::says(Notice::Undone))
            }
            _ => Err(CommandError::Gone),
        }
    }
}
