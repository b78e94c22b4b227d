//! The `stepwise` command line: parses arguments, calls the library, prints
//! the result. Nothing else lives here.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: rendering allocates and frees
/// many small strings on every thread, and a 10k-page build takes about 12 %
/// less time with it (bench/build/README.md), for some 45 MiB more peak RSS.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `stepwise --version`: the version and the commit it was built from
/// (`build.rs` says where the commit comes from).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("STEPWISE_COMMIT"),
    ")"
);

#[derive(Parser)]
#[command(
    name = "stepwise",
    version = VERSION,
    about = "Build step-by-step advising guides into a static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new site in DIR: site.yaml, an overview, two steps with checklists and a FAQ.
    Init {
        /// The folder to create the site in; it must be new or empty.
        dir: PathBuf,
        /// Leave out .github/workflows/pages.yml, the workflow that publishes the site to GitHub Pages.
        #[arg(long)]
        no_ci: bool,
    },
    /// Build the site into the output folder.
    Build {
        /// The site's root folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/output].
        #[arg(long)]
        out: Option<PathBuf>,
        /// The URL the site is published at (enables sitemap, robots.txt, canonical links).
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Delete files in the output folder that stepwise did not write (they are named); without it, such files stop the build.
        #[arg(long)]
        force_clean: bool,
        /// Print nothing on success.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Preview the site locally, rebuilding and reloading on every save.
    Serve {
        /// The site's root folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on; loopback unless you mean to share the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on; the next few are tried if it is taken.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check links, anchors, images, descriptions and headings without writing anything.
    Check {
        /// The site's root folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also check every http(s) link by asking its server (the only use of the network).
        #[arg(long)]
        external: bool,
        /// How long an outside link's answer is kept before it is asked again: 30m, 12h, 7d, or 0.
        #[arg(long, value_name = "AGE", default_value = "1d", value_parser = age, requires = "external")]
        external_max_age: std::time::Duration,
        /// How long a server may take to answer, in seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600), requires = "external")]
        external_timeout: u64,
    },
    /// Turn a guide copied from a web page into content files.
    Import {
        /// The copied text (or a single Markdown file).
        file: PathBuf,
        /// Folder to write the content files into.
        #[arg(long, default_value = "content")]
        into: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
        /// Show what would be written, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    stepwise::render::use_deep_stacks();
    match cli.command {
        Command::Init { dir, no_ci } => init(&dir, no_ci),
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            force_clean,
            quiet,
        } => {
            let opts = stepwise::pipeline::BuildOptions {
                root,
                out,
                drafts,
                base_url,
                output: stepwise::write::Options {
                    force_clean,
                    waiting: Some(waiting),
                },
            };
            match stepwise::pipeline::build(&opts) {
                Ok(r) => {
                    if !quiet {
                        let c = &r.changes;
                        println!(
                            "Built {} pages ({} files: {} written, {} unchanged, {} removed) into {} in {} ms",
                            r.pages,
                            r.files,
                            c.written,
                            c.unchanged,
                            c.removed.len(),
                            stepwise::shown::path(&r.out),
                            r.elapsed.as_millis()
                        );
                        if !c.removed.is_empty() {
                            println!("Removed: {}", c.removed_list());
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e, "build failed: the previous output was left as it was"),
            }
        }
        Command::Check {
            root,
            drafts,
            external,
            external_max_age,
            external_timeout,
        } => {
            let external = external.then_some(stepwise::pipeline::ExternalOptions {
                max_age: external_max_age,
                timeout: std::time::Duration::from_secs(external_timeout),
            });
            check(&root, stepwise::pipeline::CheckOptions { drafts, external })
        }
        Command::Serve {
            root,
            bind,
            port,
            open,
            drafts,
        } => {
            let opts = stepwise::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                drafts,
            };
            match stepwise::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e, "serve stopped"),
            }
        }
        Command::Import {
            file,
            into,
            force,
            dry_run,
        } => {
            let opts = stepwise::import::ImportOptions {
                input: file,
                into,
                force,
                dry_run,
            };
            match stepwise::import::run(&opts) {
                Ok(r) => {
                    print!("{}", r.summary);
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e, "import failed: nothing was written"),
            }
        }
    }
}

/// Runs `init` and says what it made and what to do next.
fn init(dir: &std::path::Path, no_ci: bool) -> ExitCode {
    match stepwise::load::scaffold::init(dir, &stepwise::load::scaffold::InitOptions { ci: !no_ci })
    {
        Ok(r) => {
            let shown = stepwise::shown::path(&r.dir);
            println!("Created a new site in {shown}:");
            for f in &r.files {
                println!("  {f}");
            }
            for f in &r.kept {
                println!("  {f} (kept yours)");
            }
            let cd = shell_word(&r.dir);
            println!("Next: cd {cd} && stepwise serve   (or `stepwise build` to write output/)");
            if r.files.contains(&".github/workflows/pages.yml") {
                println!("To publish: push to GitHub and set Settings > Pages > Source to GitHub Actions.");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, "init failed: nothing was written"),
    }
}

/// Runs `check` and prints what it found; fails when any of it is an error.
fn check(root: &std::path::Path, opts: stepwise::pipeline::CheckOptions) -> ExitCode {
    let external = opts.external.is_some();
    match stepwise::pipeline::check(root, &opts) {
        Ok(report) => checked(report, external),
        Err(e) => fail(&e, "check failed"),
    }
}

/// Prints what `check` found; fails when any of it is an error.
fn checked(report: stepwise::pipeline::CheckReport, external: bool) -> ExitCode {
    match report.external {
        Some(s) if s.links == 0 => println!("No outside links to check."),
        Some(s) => println!(
            "Checked {} outside link{}: {} asked now, {} known from an earlier run.",
            s.links,
            if s.links == 1 { "" } else { "s" },
            s.asked,
            s.cached
        ),
        None if external => {
            eprintln!("Outside links were not checked: the site has problems to fix first.")
        }
        None => {}
    }
    if !report.warnings.is_empty() {
        eprintln!("{}", stepwise::error::render_warnings(&report.warnings));
    }
    let problems = report.problems;
    if problems.is_empty() {
        println!("No problems found.");
        ExitCode::SUCCESS
    } else if problems.iter().all(|d| !d.is_error()) {
        eprintln!("{}", stepwise::error::render_all(&problems));
        println!("No errors found.");
        ExitCode::SUCCESS
    } else {
        if !report.warnings.is_empty() {
            eprintln!();
        }
        fail(&stepwise::Error::Input(problems), "check failed")
    }
}

/// `--external-max-age`: a number of seconds, or one followed by `s`, `m`,
/// `h` or `d`.
fn age(text: &str) -> Result<std::time::Duration, String> {
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err("expected a number and s, m, h or d, such as 12h or 7d".into()),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| "expected a number and s, m, h or d, such as 12h or 7d".to_string())?;
    Ok(std::time::Duration::from_secs(n.saturating_mul(scale)))
}

/// Says why a build does not start yet: another one holds the output folder.
fn waiting(pid: Option<u32>) {
    match pid {
        Some(pid) => eprintln!("waiting for another build of this site (pid {pid})"),
        None => eprintln!("waiting for another build of this site"),
    }
}

/// `path` as a word a shell reads back as that path, to paste after `cd`:
/// as it is when it can be, in single quotes when it holds other
/// characters, in `$'...'` with escapes (bash, zsh) when it holds control
/// characters or bytes that are not UTF-8, and after `./` when it starts
/// with `-` (which `cd` would read as an option: `cd -` goes back).
fn shell_word(path: &std::path::Path) -> String {
    let path = if path.to_string_lossy().starts_with('-') {
        std::path::Path::new(".").join(path)
    } else {
        path.to_path_buf()
    };
    match path.to_str() {
        Some(text) if !text.chars().any(char::is_control) => {
            let plain = text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
            if plain && !text.is_empty() {
                text.to_string()
            } else {
                format!("'{}'", text.replace('\'', "'\\''"))
            }
        }
        _ => ansi_c_quoted(&path),
    }
}

/// `path` in `$'...'`, each control character and byte that is not UTF-8
/// written as an escape.
fn ansi_c_quoted(path: &std::path::Path) -> String {
    use std::fmt::Write;
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().into_owned().into_bytes();
    let mut out = String::from("$'");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                '\u{1b}' => out.push_str("\\e"),
                c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                    let _ = write!(out, "\\x{:02x}", u32::from(c));
                }
                c if c.is_control() => {
                    let _ = write!(out, "\\u{:04x}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out.push('\'');
    out
}

/// `--base-url`, checked by the rule `base_url` in site.yaml follows: a
/// bad value is a usage error, reported before anything is read.
fn base_url(url: &str) -> Result<String, String> {
    use stepwise::load::config::{check_base_url, BASE_URL_HINT};
    check_base_url(url)
        .map(|()| url.to_string())
        .map_err(|why| format!("not an absolute http(s) URL: {why} ({BASE_URL_HINT})"))
}

fn fail(e: &stepwise::Error, outcome: &str) -> ExitCode {
    match e {
        stepwise::Error::Input(_) => eprintln!("{e}"),
        _ => eprintln!("error: {e}"),
    }
    eprintln!("{outcome}");
    ExitCode::from(1)
}
