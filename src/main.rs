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

#[derive(Parser)]
#[command(
    name = "stepwise",
    version,
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
    match cli.command {
        Command::Init { dir } => match stepwise::load::scaffold::init(&dir) {
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
                println!(
                    "Next: cd {cd} && stepwise serve   (or `stepwise build` to write output/)"
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e, "init failed: nothing was written"),
        },
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            quiet,
        } => {
            let opts = stepwise::pipeline::BuildOptions {
                root,
                out,
                drafts,
                base_url,
            };
            match stepwise::pipeline::build(&opts) {
                Ok(r) => {
                    if !quiet {
                        let c = r.changes;
                        println!(
                            "Built {} pages ({} files: {} written, {} unchanged, {} removed) into {} in {} ms",
                            r.pages,
                            r.files,
                            c.written,
                            c.unchanged,
                            c.removed,
                            stepwise::shown::path(&r.out),
                            r.elapsed.as_millis()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e, "build failed: the previous output was left as it was"),
            }
        }
        Command::Check { root, drafts } => match stepwise::pipeline::check(&root, drafts) {
            Ok(problems) if problems.is_empty() => {
                println!("No problems found.");
                ExitCode::SUCCESS
            }
            Ok(problems) => fail(&stepwise::Error::Input(problems), "check failed"),
            Err(e) => fail(&e, "check failed"),
        },
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
