//! The width and height of an image, read from the first bytes of its file:
//! PNG, JPEG (turned as its EXIF orientation says, as browsers show it),
//! GIF, WebP, and SVG where its root element states a size (`width` and
//! `height` in pixels, or its `viewBox`). Markdown images get them as
//! `width` and `height`, so that the page keeps their room while they load.
//! Any other file, or one whose header is cut short, has no size here: the
//! image is written without one.

use crate::html::for_each_tag;

/// Whether the file at `path` is of a format this reads a size from (by
/// its name): a change to it can change the pages that show it.
pub(crate) fn is_measured(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// An image's size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Size {
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// The size `bytes` (a whole file, or at least its first bytes) state.
pub(crate) fn size_of(bytes: &[u8]) -> Option<Size> {
    png(bytes)
        .or_else(|| gif(bytes))
        .or_else(|| webp(bytes))
        .or_else(|| jpeg(bytes))
        .or_else(|| svg(bytes))
        .filter(|s| s.width > 0 && s.height > 0)
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let x = b.get(at..at + 3)?;
    Some(u32::from(x[0]) | u32::from(x[1]) << 8 | u32::from(x[2]) << 16)
}

/// PNG: the IHDR chunk, first after the signature.
fn png(b: &[u8]) -> Option<Size> {
    if !b.starts_with(b"\x89PNG\r\n\x1a\n") || b.get(12..16) != Some(b"IHDR") {
        return None;
    }
    Some(Size {
        width: be32(b, 16)?,
        height: be32(b, 20)?,
    })
}

/// GIF: the logical screen's size, after the signature.
fn gif(b: &[u8]) -> Option<Size> {
    if !(b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")) {
        return None;
    }
    Some(Size {
        width: le16(b, 6)?,
        height: le16(b, 8)?,
    })
}

/// WebP: a RIFF file whose first chunk is VP8 (lossy), VP8L (lossless) or
/// VP8X (extended, with the canvas size).
fn webp(b: &[u8]) -> Option<Size> {
    if !b.starts_with(b"RIFF") || b.get(8..12) != Some(b"WEBP") {
        return None;
    }
    match b.get(12..16)? {
        b"VP8 " if b.get(23..26) == Some(b"\x9d\x01\x2a") => Some(Size {
            width: le16(b, 26)? & 0x3fff,
            height: le16(b, 28)? & 0x3fff,
        }),
        b"VP8L" if b.get(20) == Some(&0x2f) => {
            let bits = le32(b, 21)?;
            Some(Size {
                width: (bits & 0x3fff) + 1,
                height: ((bits >> 14) & 0x3fff) + 1,
            })
        }
        b"VP8X" => Some(Size {
            width: le24(b, 24)? + 1,
            height: le24(b, 27)? + 1,
        }),
        _ => None,
    }
}

/// JPEG: the first start-of-frame segment's size, turned when an EXIF
/// segment before it says the image is shown on its side (orientations 5
/// to 8).
fn jpeg(b: &[u8]) -> Option<Size> {
    if !b.starts_with(b"\xff\xd8") {
        return None;
    }
    let mut at = 2;
    let mut turned = false;
    loop {
        // Markers may be padded with extra 0xff bytes.
        if *b.get(at)? != 0xff {
            return None;
        }
        while b.get(at) == Some(&0xff) {
            at += 1;
        }
        let marker = *b.get(at)?;
        at += 1;
        if marker == 0x01 || (0xd0..=0xd8).contains(&marker) {
            continue;
        }
        if marker == 0xd9 || marker == 0xda {
            return None;
        }
        let len = be16(b, at)? as usize;
        let segment = b.get(at + 2..(at + len).max(at + 2))?;
        let frame = matches!(marker, 0xc0..=0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf);
        if frame {
            let (height, width) = (be16(segment, 1)?, be16(segment, 3)?);
            return Some(if turned {
                Size {
                    width: height,
                    height: width,
                }
            } else {
                Size { width, height }
            });
        }
        if marker == 0xe1 {
            if let Some(tiff) = segment.strip_prefix(b"Exif\0\0") {
                turned = matches!(orientation(tiff), Some(5..=8));
            }
        }
        at += len;
    }
}

/// Reads a number at a byte offset, in one byte order.
type Read = fn(&[u8], usize) -> Option<u32>;

/// The Orientation tag (0x0112) of an EXIF block's first IFD.
fn orientation(tiff: &[u8]) -> Option<u32> {
    let (u16_at, u32_at): (Read, Read) = match tiff.get(..4)? {
        b"II*\0" => (le16, le32),
        b"MM\0*" => (be16, be32),
        _ => return None,
    };
    let ifd = u32_at(tiff, 4)? as usize;
    let count = u16_at(tiff, ifd)? as usize;
    (0..count.min(256)).find_map(|i| {
        let entry = ifd + 2 + 12 * i;
        (u16_at(tiff, entry)? == 0x0112).then(|| u16_at(tiff, entry + 8))?
    })
}

/// SVG: the root element's `width` and `height` where they are pixels (a
/// number, or one in `px`), else what its `viewBox` gives, a missing one
/// worked out from the other and the `viewBox`'s proportions.
fn svg(b: &[u8]) -> Option<Size> {
    // The root element is near the top; a cut inside a character ends it.
    let head = &b[..b.len().min(8192)];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let start = text.find("<svg")?;
    let (mut width, mut height, mut view) = (None, None, None);
    // The root element's own attributes: those of the tag at offset 0.
    for_each_tag(
        &text[start..],
        |_, _| {},
        |a| {
            if a.offset != 0 || a.tag != "svg" {
                return;
            }
            match &*a.name {
                "width" => width = pixels(&a.value),
                "height" => height = pixels(&a.value),
                "viewbox" => view = view_box(&a.value),
                _ => {}
            }
        },
    );
    let round = |x: f64| x.round() as u32;
    match (width, height, view) {
        (Some(w), Some(h), _) => Some(Size {
            width: round(w),
            height: round(h),
        }),
        (Some(w), None, Some((vw, vh))) => Some(Size {
            width: round(w),
            height: round(w * vh / vw),
        }),
        (None, Some(h), Some((vw, vh))) => Some(Size {
            width: round(h * vw / vh),
            height: round(h),
        }),
        (None, None, Some((vw, vh))) => Some(Size {
            width: round(vw),
            height: round(vh),
        }),
        _ => None,
    }
}

/// A length in pixels: `120`, `120.5` or `120px`; not `%`, `em` and the like.
fn pixels(value: &str) -> Option<f64> {
    let v = value.trim();
    let n: f64 = v.strip_suffix("px").unwrap_or(v).trim().parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n)
}

/// The width and height of a `viewBox` (`min-x min-y width height`).
fn view_box(value: &str) -> Option<(f64, f64)> {
    let n: Vec<f64> = value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    match n[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => Some((w, h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(name: &str) -> Option<(u32, u32)> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/images")
            .join(name);
        let bytes = std::fs::read(&path).expect("fixture");
        size_of(&bytes).map(|s| (s.width, s.height))
    }

    #[test]
    fn reads_each_format_as_browsers_show_it() {
        assert_eq!(size("wide.png"), Some((40, 20)));
        assert_eq!(size("banner.gif"), Some((30, 12)));
        assert_eq!(size("photo.jpg"), Some((24, 18)));
        assert_eq!(size("turned.jpg"), Some((18, 24)), "EXIF orientation 6");
        assert_eq!(size("lossy.webp"), Some((32, 16)));
        assert_eq!(size("lossless.webp"), Some((20, 10)));
        assert_eq!(size("alpha.webp"), Some((26, 13)));
        assert_eq!(size("sized.svg"), Some((120, 60)));
        assert_eq!(size("viewbox.svg"), Some((300, 150)));
        assert_eq!(size("unsized.svg"), None, "a width in % is no size");
    }

    #[test]
    fn svg_sizes_from_what_the_root_element_states() {
        let svg = |s: &str| size_of(s.as_bytes()).map(|s| (s.width, s.height));
        assert_eq!(svg(r#"<svg width="10" viewBox="0 0 4 2"/>"#), Some((10, 5)));
        assert_eq!(
            svg(r#"<svg height="10" viewBox="0 0 4 2"/>"#),
            Some((20, 10))
        );
        assert_eq!(svg(r#"<svg width="2em" height="1em"/>"#), None);
        assert_eq!(svg(r#"<svg><rect width="5" height="5"/></svg>"#), None);
        assert_eq!(svg(r#"<svg viewBox="0 0 0 5"/>"#), None);
    }

    #[test]
    fn cut_or_unknown_files_have_no_size() {
        let png = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/wide.png"),
        )
        .expect("fixture");
        for n in [0, 8, 16, 20] {
            assert_eq!(size_of(&png[..n]), None, "{n} bytes");
        }
        assert_eq!(size_of(b"%PDF-1.7"), None);
        assert_eq!(size_of(b"\xff\xd8\xff\xe0"), None, "a JPEG cut short");
    }
}
