//! Telephone numbers in prose: extraction, classification by type, and the role a number plays in
//! its sentence (published access number, outbound caller ID, or somebody's contact phone).

use std::ops::Range;
use std::sync::LazyLock;

use super::pattern::Pattern;

use super::WarmStep;

use super::language::{Cue, flag};
use super::schema::{NumberType, Role};
use crate::text::{Boundary, Segments};

/// A number found in folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundNumber {
    pub range: Range<usize>,
    /// `None` for digit strings that are identifiers (credit codes, ID cards).
    pub kind: Option<NumberType>,
    /// An extension or IVR branch follows (`95123转1`, `95123-1`).
    pub extension: bool,
    /// Written as a placeholder (`95XXX`).
    pub placeholder: bool,
}

static NUMBER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?x)
        (?P<id>[0-9]{17}[0-9x]|[0-9a-z]{2}[0-9]{6}[0-9a-z]{10})
        |(?P<intl>\+?86-?1[3-9][0-9]{9})
        |(?P<mobile>1[3-9][0-9]-?[0-9x]{4}-?[0-9x]{4})
        |(?P<ivr>[48]00-?[0-9x]{3}-?[0-9x]{4})
        |(?P<fixed>\(?0[0-9]{2,3}\)?-?[0-9][0-9x]{2,3}-?[0-9x]{4})
        |(?P<n1010>1010[0-9x]{4}|10(?:[0-9]{3}|x{3}))
        |(?P<n955>955(?:[0-9]{2}|x{2}))
        |(?P<n95>95(?:[0-9]{3,4}|x{3,4}))
        |(?P<n96>96(?:[0-9]{3,4}|x{3,4}))",
    )
    .expect("number pattern compiles")
});

/// Finds the numbers of a folded text. `quantity` tells whether the text right after a short
/// number is a unit (`95000元` is money, not a number).
pub fn find_numbers(text: &str, cues: &[Cue]) -> Vec<FoundNumber> {
    let mut out = Vec::new();
    for caps in NUMBER.captures_iter(text) {
        let m = caps.get(0).expect("group 0 always exists");
        let (start, end) = (m.start(), m.end());
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_some_and(|c| c.is_ascii_alphanumeric())
            || after.is_some_and(|c| c.is_ascii_digit())
        {
            continue;
        }
        let kind = if caps.name("id").is_some() {
            None
        } else if caps.name("intl").is_some() || caps.name("mobile").is_some() {
            let digits: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
            let local = digits
                .strip_prefix("86")
                .filter(|d| d.len() == 11)
                .unwrap_or(&digits);
            if ["170", "171", "162", "165", "167"]
                .iter()
                .any(|p| local.starts_with(p))
            {
                Some(NumberType::Virtual)
            } else {
                Some(NumberType::Mobile)
            }
        } else if caps.name("ivr").is_some() {
            Some(NumberType::Ivr400)
        } else if caps.name("fixed").is_some() {
            Some(NumberType::Fixed)
        } else if caps.name("n1010").is_some() {
            Some(NumberType::N1010)
        } else if caps.name("n955").is_some() {
            Some(NumberType::N955)
        } else if caps.name("n95").is_some() {
            Some(NumberType::N95)
        } else {
            Some(NumberType::N96)
        };
        let short = matches!(
            kind,
            Some(NumberType::N95 | NumberType::N955 | NumberType::N96 | NumberType::N1010)
        );
        if short && after.is_some_and(|c| c.is_ascii_alphabetic() && c != 'x') {
            continue;
        }
        let k = cues.partition_point(|c| c.start < end);
        let quantity = cues
            .get(k)
            .is_some_and(|c| c.start == end && c.flags & flag::QUANTITY != 0);
        if short && quantity {
            continue;
        }
        let rest = &text[end..];
        let extension = short
            && (rest.starts_with('转')
                || rest.starts_with('-') && rest[1..].starts_with(|c: char| c.is_ascii_digit()));
        let placeholder = m.as_str().contains('x');
        out.push(FoundNumber {
            range: start..end,
            kind,
            extension,
            placeholder,
        });
    }
    out
}

static TYPE_WORD: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?P<ivr>[48]00)(?:免费)?(?:号码|电话|热线|客服|业务号码|号)|(?P<n955>955)(?:号段|号码|短号|开头|字头)|(?P<n1010>10字头|1字头|1010号段|10开头)|(?P<n95>95)(?:号码|短号|号段|开头|字头)|(?P<n96>96)(?:号码|短号|号段|开头|字头)")
        .expect("type word pattern compiles")
});

/// Numbers named by their type without digits: `400号码`, `96号码`, `955号段`, `10字头`.
pub fn find_type_words(text: &str) -> Vec<FoundNumber> {
    TYPE_WORD
        .captures_iter(text)
        .filter_map(|caps| {
            let m = caps.get(0)?;
            if text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit())
            {
                return None;
            }
            let kind = if caps.name("ivr").is_some() {
                NumberType::Ivr400
            } else if caps.name("n955").is_some() {
                NumberType::N955
            } else if caps.name("n1010").is_some() {
                NumberType::N1010
            } else if caps.name("n95").is_some() {
                NumberType::N95
            } else {
                NumberType::N96
            };
            Some(FoundNumber {
                range: m.range(),
                kind: Some(kind),
                extension: false,
                placeholder: true,
            })
        })
        .collect()
}

/// The role of a number: the nearest role word before it in its clause, else the first one after
/// it in its clause, else the nearest before it in its sentence part (up to `；`), else the role
/// given by its table row or column.
pub fn role_of(
    text: &str,
    seg: &Segments,
    cues: &[Cue],
    number: &Range<usize>,
    header_role: Option<Role>,
) -> Role {
    // Cues are in text order: a range of them is found by binary search.
    let within = |r: Range<usize>| {
        let a = cues.partition_point(|c| c.start < r.start);
        let b = cues.partition_point(|c| c.end <= r.end);
        &cues[a..b.max(a)]
    };
    let part = seg.near(text, number.clone(), Boundary::Semicolon);
    // `来电弹屏显示主叫号码（如15967896789）`: the caller's own number.
    if within(part.start..number.start)
        .iter()
        .any(|c| c.flags & flag::ROLE_USER != 0)
    {
        return Role::Contact;
    }
    let before = |from: usize| {
        let mut roles = within(from..number.start)
            .iter()
            .rev()
            .filter_map(|c| role_from_flags(c.flags).map(|r| (c, r)));
        let (cue, role) = roles.next()?;
        let earlier = roles.next();
        // `法定代表人手机号码为139…`: `号码为` only ties the number to the noun before it, so a
        // person's role word there decides.
        if role == Role::Access
            && LINKING.contains(&&text[cue.start..cue.end])
            && earlier.is_some_and(|(_, r)| r == Role::Contact)
        {
            return Some(Role::Contact);
        }
        // `对外服务号码沿用公司总机0571…`: the service number is made the switchboard's number.
        if role == Role::Contact
            && let Some((prev, Role::Access)) = earlier
            && MADE_INTO
                .iter()
                .any(|w| text[prev.end..cue.start].contains(w))
        {
            return Some(Role::Access);
        }
        Some(role)
    };
    // `以800-820-1234为接入号码`: the role word may follow in the same clause.
    let clause = seg.near(text, number.clone(), Boundary::Clause);
    let after = || {
        within(number.end..clause.end)
            .iter()
            .find_map(|c| role_from_flags(c.flags))
    };
    // `由工程师使用办公座机0571-86021234回拨`: a number used as the instrument of a calling
    // verb right after it is the caller ID, whatever the nouns before it say.
    let instrument = within(clause.start..number.start)
        .iter()
        .any(|c| c.flags & flag::ROLE_INSTRUMENT != 0);
    if instrument
        && within(number.end..clause.end)
            .iter()
            .take_while(|c| text[number.end..c.start].chars().count() <= 4)
            .any(|c| c.flags & flag::ROLE_OUTBOUND != 0)
    {
        return Role::Outbound;
    }
    let role = before(clause.start)
        .or_else(after)
        .or_else(|| before(part.start))
        .or(header_role)
        .unwrap_or(Role::Unknown);
    // `客服经理手机138…，该号码同时作为本中心受理热线对外公布`: what the number is made to be wins.
    if matches!(role, Role::Contact | Role::Unknown) {
        let sentence = seg.near(text, number.clone(), Boundary::Sentence);
        let made_access = within(number.end..sentence.end).iter().any(|c| {
            c.flags & flag::ROLE_ACCESS != 0 && {
                let from = seg.near(text, c.start..c.end, Boundary::Clause).start;
                within(from..c.start)
                    .iter()
                    .any(|k| k.flags & flag::ROLE_MADE != 0)
            }
        });
        if made_access {
            return Role::Access;
        }
    }
    role
}

/// Verbs between an access word and a contact word that make the contact's number the access
/// number.
const MADE_INTO: &[&str] = &["沿用", "使用", "采用", "改用", "借用", "为", "是", "即"];

/// Access cues that only link a number to the noun before them.
const LINKING: &[&str] = &["号码为", "号码是"];

/// The first role word of a header or label text, if any.
pub fn role_from_cues(cues: &[Cue]) -> Option<Role> {
    cues.iter().find_map(|c| role_from_flags(c.flags))
}

fn role_from_flags(f: u64) -> Option<Role> {
    if f & flag::ROLE_CONTACT != 0 {
        Some(Role::Contact)
    } else if f & flag::ROLE_OUTBOUND != 0 {
        Some(Role::Outbound)
    } else if f & flag::ROLE_ACCESS != 0 {
        Some(Role::Access)
    } else {
        None
    }
}

/// Whether a folded text may state a number ([`find_numbers`] finds none without a digit).
pub fn may_have_numbers(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

/// Whether a folded text may name a number type ([`find_type_words`] finds none without these).
pub fn may_have_type_words(text: &str) -> bool {
    text.contains('号') || text.contains("字头")
}

/// Adds the patterns of this module that a plan of `text` will try (all of them for `None`) to
/// those to compile ahead of use. Full-width digits fold to ASCII ones.
pub(crate) fn warm_steps(text: Option<&str>, steps: &mut Vec<WarmStep>) {
    if text.is_none_or(|t| may_have_numbers(t) || t.contains(|c| ('０'..='９').contains(&c))) {
        steps.push(WarmStep::Pattern(&NUMBER));
    }
    if text.is_none_or(may_have_type_words) {
        steps.push(WarmStep::Pattern(&TYPE_WORD));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Option<NumberType>> {
        find_numbers(text, &[])
            .into_iter()
            .map(|n| n.kind)
            .collect()
    }

    #[test]
    fn classifies_the_number_types() {
        assert_eq!(kinds("热线95123"), [Some(NumberType::N95)]);
        assert_eq!(kinds("热线952123"), [Some(NumberType::N95)]);
        assert_eq!(kinds("95588"), [Some(NumberType::N955)]);
        assert_eq!(kinds("962345"), [Some(NumberType::N96)]);
        assert_eq!(kinds("400-810-1234"), [Some(NumberType::Ivr400)]);
        assert_eq!(kinds("138-1234-5678"), [Some(NumberType::Mobile)]);
        assert_eq!(kinds("0571-88886666"), [Some(NumberType::Fixed)]);
        assert_eq!(kinds("0571-8702-6600"), [Some(NumberType::Fixed)]);
        assert_eq!(kinds("020-3826-1188"), [Some(NumberType::Fixed)]);
        assert_eq!(kinds("10xxx"), [Some(NumberType::N1010)]);
        assert_eq!(kinds("10101234"), [Some(NumberType::N1010)]);
        assert_eq!(kinds("91330100ma2abcde1x"), [None]);
        assert_eq!(kinds("95xxx"), [Some(NumberType::N95)]);
    }

    #[test]
    fn digit_runs_are_not_cut_into_numbers() {
        assert!(kinds("1381234567890").is_empty());
        assert!(kinds("ab95123").is_empty());
    }
}
