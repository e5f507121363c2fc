//! The ids records refer to each other by: text newtypes, so one kind cannot pass for another.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }
    };
}

id_type!(
    /// Stable, never-reused id of a deal (a UUID v4 for deals created in the app).
    DealId
);
id_type!(
    /// Stable id of a pipeline stage; events refer to it, so renaming a stage keeps history.
    StageId
);
id_type!(
    /// Stable id of a lead source (channel).
    SourceId
);
id_type!(
    /// Stable id of an owner (sales rep).
    OwnerId
);
id_type!(
    /// Stable id of a deal type (segment: new business, renewal, upsell).
    DealTypeId
);
id_type!(
    /// Stable id of a saved dashboard view.
    ViewId
);
id_type!(
    /// Stable id of a traffic entry.
    TrafficId
);
id_type!(
    /// Stable id of an activity kind in the team's list (`call`… for the five built-ins).
    KindId
);
id_type!(
    /// Stable id of a goal.
    GoalId
);
id_type!(
    /// Stable id of an activity (a phone system's unique call id when imported from one).
    ActivityId
);
id_type!(
    /// Stable id of a call outcome in the team's list.
    OutcomeId
);
id_type!(
    /// Stable id of a next step.
    StepId
);

impl DealId {
    /// Formats 16 random bytes as a UUID version 4 (the caller supplies the randomness).
    pub fn from_random(mut bytes: [u8; 16]) -> DealId {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        DealId(uuid_text(u128::from_be_bytes(bytes)))
    }
}

/// A 128-bit value in the canonical lowercase UUID form (8-4-4-4-12 hex digits).
pub(crate) fn uuid_text(v: u128) -> String {
    let hex = format!("{v:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_v4_shape() {
        let id = DealId::from_random([0xff; 16]);
        assert_eq!(id.0, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = DealId::from_random([0; 16]);
        assert_eq!(id.0, "00000000-0000-4000-8000-000000000000");
    }
}
