//! Name and e-mail normalisation for identity merging: lower case, collapsed whitespace,
//! common Latin accents folded; placeholder names ("root", "unknown", "Your Name", …) and
//! shared placeholder mailboxes are recognised so they never merge different people.

/// Names that say nothing about who wrote a commit (compared after normalisation).
const GENERIC_NAMES: &[&str] = &[
    "root",
    "admin",
    "administrator",
    "unknown",
    "user",
    "ubuntu",
    "ec2-user",
    "pi",
    "vagrant",
    "nobody",
    "none",
    "null",
    "nil",
    "n/a",
    "na",
    "anonymous",
    "anon",
    "test",
    "tester",
    "testuser",
    "default",
    "localhost",
    "git",
    "github",
    "gitlab",
    "developer",
    "dev",
    "name",
    "username",
    "your name",
    "yourname",
    "your-name",
    "you",
    "me",
    "author",
    "committer",
    "a u thor",
    "c o mitter",
    "john doe",
    "jane doe",
    "(no author)",
    "unknown author",
    "system",
    "guest",
    "local",
    "server",
    "build",
    "builder",
    "ci",
    "docker",
    "www-data",
    "centos",
    "debian",
    "fedora",
    "arch",
    "owner",
];

/// Mailbox local parts that many unrelated people leave unconfigured.
const GENERIC_LOCALS: &[&str] = &[
    "root",
    "admin",
    "administrator",
    "user",
    "ubuntu",
    "ec2-user",
    "pi",
    "vagrant",
    "nobody",
    "none",
    "unknown",
    "you",
    "your-email",
    "youremail",
    "your.email",
    "email",
    "test",
    "me",
    "git",
    "dev",
    "developer",
    "centos",
    "www-data",
    "name",
    "username",
];

/// Domains that only placeholder addresses use.
const GENERIC_DOMAINS: &[&str] = &[
    "localhost",
    "localhost.localdomain",
    "localdomain",
    "none",
    "(none)",
];

/// `name` lower-cased, trimmed, whitespace collapsed to single spaces and common Latin accents
/// folded (é → e, ß → ss, ł → l, …); an empty string for placeholder names (nothing to merge
/// on) — "root", "unknown", "Your Name", single letters, ….
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            match fold(c) {
                Some(s) => out.push_str(s),
                None => out.push(c),
            }
        }
    }
    if out.chars().count() < 2 || GENERIC_NAMES.contains(&out.as_str()) {
        return String::new();
    }
    out
}

/// Whether `email` is a placeholder shared by unrelated people (root@localhost,
/// you@example.com, …) or not an address at all; such e-mails never merge identities.
pub fn is_generic_email(email: &str) -> bool {
    let email = email.trim().to_lowercase();
    let Some((local, domain)) = email.rsplit_once('@') else {
        return true;
    };
    local.is_empty()
        || domain.is_empty()
        || GENERIC_DOMAINS.contains(&domain)
        || !domain.contains('.')
        || GENERIC_LOCALS.contains(&local)
}

/// ASCII spelling of a lower-case accented Latin letter (Latin-1 Supplement and Latin
/// Extended-A), `None` for anything else.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_whitespace_and_accents() {
        assert_eq!(
            normalize_name("  José   Pérez\tGarcía "),
            "jose perez garcia"
        );
        assert_eq!(normalize_name("JOSE PEREZ GARCIA"), "jose perez garcia");
        assert_eq!(normalize_name("Łukasz Żółć"), "lukasz zolc");
        assert_eq!(normalize_name("Jürgen Groß"), "jurgen gross");
        assert_eq!(
            normalize_name("Ævar Arnfjörð Bjarmason"),
            "aevar arnfjord bjarmason"
        );
        assert_eq!(normalize_name("Zoë Brontë-Øster"), "zoe bronte-oster");
        assert_eq!(normalize_name("Đorđe Šaponjić"), "dorde saponjic");
        assert_eq!(normalize_name("李小龍"), "李小龍");
        assert_ne!(normalize_name("Ann Lee"), normalize_name("Anne Lee"));
    }

    #[test]
    fn placeholder_names_do_not_merge() {
        for name in [
            "root",
            "ROOT",
            "Unknown",
            " admin ",
            "ubuntu",
            "user",
            "",
            "   ",
            "x",
            "Your Name",
            "A U Thor",
        ] {
            assert_eq!(normalize_name(name), "", "{name:?}");
        }
        assert_eq!(normalize_name("Al"), "al");
        assert_eq!(normalize_name("Rooter"), "rooter");
    }

    #[test]
    fn placeholder_emails() {
        for e in [
            "root@localhost",
            "you@example.com",
            "",
            "nobody",
            "user@(none)",
            "a@host",
            "root@build-7.corp.example",
        ] {
            assert!(is_generic_email(e), "{e:?}");
        }
        for e in [
            "ann@example.com",
            "ANN@Example.org",
            "ann@example.co.uk",
            "12+ann@users.noreply.github.com",
            "Root.Beer@brewery.io",
        ] {
            assert!(!is_generic_email(e), "{e:?}");
        }
    }
}
