//! Turning byte offsets into 1-based line and column (in characters).

/// Walks forward through a text, keeping line and column of its position, so that the many
/// positions of one statement cost one pass over it instead of one scan from the line start
/// each (which is quadratic on a very long line).
pub(crate) struct Cursor<'a> {
    text: &'a [u8],
    origin: Mark,
    here: Mark,
}

/// A position with its line, column and the offset of its line's start.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark {
    pub offset: usize,
    pub line: u32,
    pub col: u32,
    pub line_start: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor over `text` standing at `origin`.
    pub fn new(text: &'a str, origin: Mark) -> Self {
        Cursor {
            text: text.as_bytes(),
            origin,
            here: origin,
        }
    }

    /// The mark of `offset`. Cheap when offsets come in increasing order; an earlier offset
    /// restarts from the origin.
    pub fn seek(&mut self, offset: usize) -> Mark {
        if offset < self.here.offset {
            self.here = self.origin;
        }
        let Mark {
            mut line,
            mut col,
            mut line_start,
            ..
        } = self.here;
        for (i, &b) in self.text[self.here.offset..offset].iter().enumerate() {
            if b == b'\n' {
                line += 1;
                col = 1;
                line_start = self.here.offset + i + 1;
            } else if b & 0xC0 != 0x80 {
                // Count characters, not bytes: skip UTF-8 continuation bytes.
                col += 1;
            }
        }
        self.here = Mark {
            offset,
            line,
            col,
            line_start,
        };
        self.here
    }
}

/// Byte offsets of every line start of a text, for errors found after parsing (validation),
/// which know their line but not where it begins.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // As in the scanner, a byte order mark is not part of the first line.
        let mut starts = vec![if text.starts_with('\u{feff}') { 3 } else { 0 }];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// Offset of the start of 1-based `line` (clamped to the text).
    pub fn line_start(&self, line: u32) -> usize {
        let i = (line.max(1) as usize - 1).min(self.starts.len() - 1);
        self.starts[i]
    }
}

/// Line and column of `offset` in `text`, scanning from the start: only for one-off positions
/// (an invalid UTF-8 byte), never in a loop.
pub(crate) fn mark_of(text: &str, offset: usize) -> Mark {
    Cursor::new(
        text,
        Mark {
            offset: 0,
            line: 1,
            col: 1,
            line_start: 0,
        },
    )
    .seek(offset)
}
