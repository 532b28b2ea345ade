//! Frameworks versus libraries: a dependency or imported package is reported under a display
//! name, flagged `framework` when it appears in this table of well-known application frameworks
//! (matched on the package name or its prefix), otherwise as a `library`.

/// Whether a package is an application framework or a library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageKind {
    Framework,
    Library,
}

/// (package name or prefix ending in `*`, display name)
const FRAMEWORKS: &[(&str, &str)] = &[
    ("react", "React"),
    ("react-dom", "React"),
    ("next", "Next.js"),
    ("vue", "Vue"),
    ("nuxt", "Nuxt"),
    ("@angular/*", "Angular"),
    ("svelte", "Svelte"),
    ("@sveltejs/kit", "SvelteKit"),
    ("express", "Express"),
    ("@nestjs/*", "NestJS"),
    ("fastify", "Fastify"),
    ("electron", "Electron"),
    ("react-native", "React Native"),
    ("django", "Django"),
    ("flask", "Flask"),
    ("fastapi", "FastAPI"),
    ("pytest", "pytest"),
    ("torch", "PyTorch"),
    ("tensorflow", "TensorFlow"),
    ("rails", "Ruby on Rails"),
    ("sinatra", "Sinatra"),
    ("rspec", "RSpec"),
    ("org.springframework*", "Spring"),
    ("spring-boot*", "Spring"),
    ("io.quarkus*", "Quarkus"),
    ("io.micronaut*", "Micronaut"),
    ("junit*", "JUnit"),
    ("org.junit*", "JUnit"),
    ("io.netty*", "Netty"),
    ("tokio", "Tokio"),
    ("actix-web", "Actix Web"),
    ("actix_web", "Actix Web"),
    ("axum", "Axum"),
    ("rocket", "Rocket"),
    ("bevy", "Bevy"),
    ("tauri", "Tauri"),
    ("leptos", "Leptos"),
    ("github.com/gin-gonic/gin", "Gin"),
    ("github.com/labstack/echo*", "Echo"),
    ("github.com/gofiber/fiber*", "Fiber"),
    ("github.com/spf13/cobra", "Cobra"),
    ("laravel/*", "Laravel"),
    ("Illuminate", "Laravel"),
    ("symfony/*", "Symfony"),
    ("Symfony", "Symfony"),
    ("Microsoft.AspNetCore*", "ASP.NET Core"),
];

/// The display name and kind of a dependency or imported package.
pub fn classify(package: &str) -> (String, PackageKind) {
    for (pattern, display) in FRAMEWORKS {
        let hit = match pattern.strip_suffix('*') {
            Some(prefix) => package.starts_with(prefix),
            None => package == *pattern,
        };
        if hit {
            return (display.to_string(), PackageKind::Framework);
        }
    }
    let name = package.split_once(':').map(|(_, a)| a).unwrap_or(package);
    (name.to_string(), PackageKind::Library)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frameworks_by_name_and_prefix() {
        assert_eq!(
            classify("react"),
            ("React".to_string(), PackageKind::Framework)
        );
        assert_eq!(classify("@angular/core").0, "Angular");
        assert_eq!(
            classify("org.springframework.boot:spring-boot-starter-web").0,
            "Spring"
        );
        assert_eq!(classify("org.springframework").1, PackageKind::Framework);
        assert_eq!(
            classify("serde"),
            ("serde".to_string(), PackageKind::Library)
        );
        assert_eq!(
            classify("com.squareup.okhttp3:okhttp"),
            ("okhttp".to_string(), PackageKind::Library)
        );
        assert_eq!(classify("reactive").1, PackageKind::Library);
    }
}
