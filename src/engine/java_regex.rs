//! The Java regular expressions `kafka-topics --topic` and `KafkaConsumer.subscribe(Pattern)`
//! accept, matched as `String.matches`.
//!
//! `TopicCommand` filters topic names with `TopicFilter.IncludeList`: the `--topic` value, with
//! commas turned into `|`, is compiled by `java.util.regex.Pattern` and must match the *whole*
//! name. kplay compiles the same syntax to a Thompson NFA and runs it as a Pike VM, so a match
//! takes time linear in the name whatever the pattern (no catastrophic backtracking).
//!
//! Supported, with Java's meaning: literals, `.`, `[...]` / `[^...]` with ranges and the
//! `\d \D \w \W \s \S` classes, groups `(...)`, `(?:...)` and `(?<name>...)`, alternation,
//! the quantifiers `* + ? {n} {n,} {n,m}` and their lazy forms (laziness does not change a
//! whole-string match), `^ $ \A \z \Z`, the escapes `\t \n \r \f \a \e \cX \0ooo \xhh \x{h..}
//! \uhhhh` and `\Q...\E`. Refused as syntax errors where Java refuses them: dangling
//! quantifiers, a bare `{`, unclosed groups and classes, reversed ranges, unknown letter escapes.
//! Not implemented (refused with [`RegexError::Unsupported`], never silently misread):
//! possessive quantifiers, lookaround, atomic groups, back-references, inline flags, `\b \B \G`,
//! `\p{..}`, nested classes and `&&` intersections.

/// Why a pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegexError {
    /// Java would throw `PatternSyntaxException` with this description.
    #[error("{reason} near index {index}")]
    Syntax { reason: &'static str, index: usize },
    /// Valid Java, but a construct kplay's matcher does not implement.
    #[error("kplay does not implement the Java regex construct {0}")]
    Unsupported(&'static str),
    /// The compiled program would exceed [`MAX_INSTRUCTIONS`].
    #[error("the pattern is too large for kplay (more than {MAX_INSTRUCTIONS} NFA states)")]
    TooLarge,
}

/// Bound on a compiled pattern (counted repetitions are expanded).
pub const MAX_INSTRUCTIONS: usize = 10_000;
/// Bound on one `{n,m}` count; Java allows more, topic names are at most 249 characters.
const MAX_REPEAT: u32 = 1_000;

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct JavaRegex {
    prog: Vec<Inst>,
    classes: Vec<CharClass>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inst {
    Char(char),
    Class(usize),
    Split(usize, usize),
    Jmp(usize),
    AssertStart,
    AssertEnd,
    Match,
}

#[derive(Debug, Clone)]
enum Node {
    Empty,
    Literal(char),
    Class(CharClass),
    Start,
    End,
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct CharClass {
    negated: bool,
    items: Vec<ClassItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClassItem {
    Range(char, char),
    /// `\d`, `\w`, `\s` (negated: `\D`, `\W`, `\S`).
    Digit(bool),
    Word(bool),
    Space(bool),
    /// What `.` does not match: Java's line terminators.
    LineTerminator,
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

impl ClassItem {
    fn matches(self, c: char) -> bool {
        match self {
            ClassItem::Range(lo, hi) => lo <= c && c <= hi,
            ClassItem::Digit(neg) => c.is_ascii_digit() != neg,
            ClassItem::Word(neg) => (c.is_ascii_alphanumeric() || c == '_') != neg,
            ClassItem::Space(neg) => {
                matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r') != neg
            }
            ClassItem::LineTerminator => is_line_terminator(c),
        }
    }
}

impl CharClass {
    fn matches(&self, c: char) -> bool {
        self.items.iter().any(|i| i.matches(c)) != self.negated
    }

    fn single(item: ClassItem) -> CharClass {
        CharClass {
            negated: false,
            items: vec![item],
        }
    }
}

impl JavaRegex {
    /// `Pattern.compile(pattern)`.
    pub fn new(pattern: &str) -> Result<JavaRegex, RegexError> {
        let mut parser = Parser {
            chars: pattern.chars().collect(),
            pos: 0,
        };
        let node = parser.alternation()?;
        if parser.pos < parser.chars.len() {
            // Only an unmatched `)` stops the top-level alternation early.
            return Err(parser.syntax("Unmatched closing ')'"));
        }
        let mut compiler = Compiler::default();
        compiler.node(&node)?;
        compiler.emit(Inst::Match)?;
        Ok(JavaRegex {
            prog: compiler.prog,
            classes: compiler.classes,
        })
    }

    /// `Matcher.matches()`: whether the whole of `input` matches.
    pub fn is_full_match(&self, input: &str) -> bool {
        let chars: Vec<char> = input.chars().collect();
        let mut marks = vec![usize::MAX; self.prog.len()];
        let mut current = Vec::new();
        let mut next = Vec::new();
        self.add_thread(&mut current, 0, 0, &chars, &mut marks);
        for (pos, &c) in chars.iter().enumerate() {
            next.clear();
            for &pc in &current {
                let step = match self.prog[pc] {
                    Inst::Char(x) => x == c,
                    Inst::Class(i) => self.classes[i].matches(c),
                    _ => false,
                };
                if step {
                    self.add_thread(&mut next, pc + 1, pos + 1, &chars, &mut marks);
                }
            }
            std::mem::swap(&mut current, &mut next);
            if current.is_empty() {
                return false;
            }
        }
        current.iter().any(|&pc| self.prog[pc] == Inst::Match)
    }

    /// Follows the empty transitions from `pc` at `pos`, adding the threads that wait for a
    /// character (or have matched). `marks[pc] == pos` means already added at this position.
    fn add_thread(
        &self,
        list: &mut Vec<usize>,
        pc: usize,
        pos: usize,
        chars: &[char],
        marks: &mut [usize],
    ) {
        let mut stack = vec![pc];
        while let Some(pc) = stack.pop() {
            if marks[pc] == pos {
                continue;
            }
            marks[pc] = pos;
            match self.prog[pc] {
                Inst::Jmp(to) => stack.push(to),
                // Pushed in reverse so the preferred branch is explored first.
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::AssertStart => {
                    if pos == 0 {
                        stack.push(pc + 1);
                    }
                }
                Inst::AssertEnd => {
                    if at_end(chars, pos) {
                        stack.push(pc + 1);
                    }
                }
                Inst::Char(_) | Inst::Class(_) | Inst::Match => list.push(pc),
            }
        }
    }
}

/// Java's `$` without MULTILINE: at the end, or before a line terminator that ends the input.
fn at_end(chars: &[char], pos: usize) -> bool {
    let rest = &chars[pos.min(chars.len())..];
    match rest {
        [] => true,
        ['\r', '\n'] => true,
        [c] => is_line_terminator(*c),
        _ => false,
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn syntax(&self, reason: &'static str) -> RegexError {
        RegexError::Syntax {
            reason,
            index: self.pos,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn alternation(&mut self) -> Result<Node, RegexError> {
        let mut branches = vec![self.concatenation()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.concatenation()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().expect("one branch")
        } else {
            Node::Alt(branches)
        })
    }

    fn concatenation(&mut self) -> Result<Node, RegexError> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().expect("one item"),
            _ => Node::Concat(items),
        })
    }

    fn atom(&mut self) -> Result<Node, RegexError> {
        let c = self.peek().expect("called with input left");
        match c {
            '(' => {
                self.pos += 1;
                self.group()
            }
            '[' => {
                self.pos += 1;
                Ok(Node::Class(self.class()?))
            }
            '.' => {
                self.pos += 1;
                Ok(Node::Class(CharClass {
                    negated: true,
                    items: vec![ClassItem::LineTerminator],
                }))
            }
            '^' => {
                self.pos += 1;
                Ok(Node::Start)
            }
            '$' => {
                self.pos += 1;
                Ok(Node::End)
            }
            '\\' => {
                self.pos += 1;
                self.escape()
            }
            '*' | '+' | '?' => Err(self.syntax("Dangling meta character")),
            '{' => Err(self.syntax("Illegal repetition")),
            _ => {
                self.pos += 1;
                Ok(Node::Literal(c))
            }
        }
    }

    fn group(&mut self) -> Result<Node, RegexError> {
        if self.peek() == Some('?') {
            self.pos += 1;
            match (self.peek(), self.peek_at(1)) {
                (Some(':'), _) => self.pos += 1,
                (Some('<'), Some(n)) if n.is_ascii_alphabetic() => {
                    self.pos += 1;
                    while self.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
                        self.pos += 1;
                    }
                    if self.bump() != Some('>') {
                        return Err(self.syntax("named capturing group is missing trailing '>'"));
                    }
                }
                (Some('=' | '!'), _) => {
                    return Err(RegexError::Unsupported("lookahead (?=…) / (?!…)"))
                }
                (Some('<'), Some('=' | '!')) => {
                    return Err(RegexError::Unsupported("lookbehind (?<=…) / (?<!…)"))
                }
                (Some('>'), _) => return Err(RegexError::Unsupported("atomic group (?>…)")),
                (Some(_), _) => return Err(RegexError::Unsupported("inline flags such as (?i)")),
                (None, _) => return Err(self.syntax("Unknown group type")),
            }
        }
        let inner = self.alternation()?;
        if self.bump() != Some(')') {
            return Err(self.syntax("Unclosed group"));
        }
        Ok(inner)
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, RegexError> {
        let (min, max) = match self.peek() {
            Some(c @ ('*' | '+' | '?')) => {
                self.pos += 1;
                match c {
                    '*' => (0, None),
                    '+' => (1, None),
                    _ => (0, Some(1)),
                }
            }
            Some('{') => {
                self.pos += 1;
                self.repetition()?
            }
            _ => return Ok(atom),
        };
        match self.peek() {
            Some('?') => self.pos += 1,
            Some('+') => {
                return Err(RegexError::Unsupported(
                    "possessive quantifier (*+, ++, ?+)",
                ))
            }
            _ => {}
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    /// After `{`: `n}`, `n,}` or `n,m}`; leaves `pos` after the `}`.
    fn repetition(&mut self) -> Result<(u32, Option<u32>), RegexError> {
        let min = self
            .number()
            .ok_or_else(|| self.syntax("Illegal repetition"))?;
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            if self.peek() == Some('}') {
                None
            } else {
                Some(
                    self.number()
                        .ok_or_else(|| self.syntax("Illegal repetition"))?,
                )
            }
        } else {
            Some(min)
        };
        if self.bump() != Some('}') {
            return Err(self.syntax("Unclosed counted closure"));
        }
        if max.is_some_and(|m| m < min) {
            return Err(self.syntax("Illegal repetition range"));
        }
        if min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT) {
            return Err(RegexError::TooLarge);
        }
        Ok((min, max))
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if start == self.pos {
            return None;
        }
        let digits: String = self.chars[start..self.pos].iter().collect();
        // Java reports an overflowing count as an illegal repetition; so does kplay, as too large.
        digits.parse().ok().or(Some(u32::MAX))
    }

    /// After `\` outside a class.
    fn escape(&mut self) -> Result<Node, RegexError> {
        let Some(c) = self.peek() else {
            return Err(self.syntax("Unexpected internal error"));
        };
        match c {
            'Q' => {
                self.pos += 1;
                let mut literals = Vec::new();
                while let Some(c) = self.bump() {
                    if c == '\\' && self.peek() == Some('E') {
                        self.pos += 1;
                        break;
                    }
                    literals.push(Node::Literal(c));
                }
                Ok(Node::Concat(literals))
            }
            'A' => {
                self.pos += 1;
                Ok(Node::Start)
            }
            'z' | 'Z' => {
                self.pos += 1;
                Ok(Node::End)
            }
            'b' | 'B' | 'G' => Err(RegexError::Unsupported("boundary matchers \\b, \\B, \\G")),
            _ => match self.escaped_char()? {
                Escaped::Char(c) => Ok(Node::Literal(c)),
                Escaped::Class(item) => Ok(Node::Class(CharClass::single(item))),
            },
        }
    }

    /// The escapes shared by the inside and outside of a class; `pos` is after the `\`.
    fn escaped_char(&mut self) -> Result<Escaped, RegexError> {
        let c = self
            .bump()
            .ok_or_else(|| self.syntax("Unexpected internal error"))?;
        let escaped = match c {
            'd' => Escaped::Class(ClassItem::Digit(false)),
            'D' => Escaped::Class(ClassItem::Digit(true)),
            'w' => Escaped::Class(ClassItem::Word(false)),
            'W' => Escaped::Class(ClassItem::Word(true)),
            's' => Escaped::Class(ClassItem::Space(false)),
            'S' => Escaped::Class(ClassItem::Space(true)),
            't' => Escaped::Char('\t'),
            'n' => Escaped::Char('\n'),
            'r' => Escaped::Char('\r'),
            'f' => Escaped::Char('\u{0C}'),
            'a' => Escaped::Char('\u{07}'),
            'e' => Escaped::Char('\u{1B}'),
            'c' => {
                let x = self
                    .bump()
                    .ok_or_else(|| self.syntax("Illegal control escape sequence"))?;
                Escaped::Char(
                    char::from_u32(u32::from(x) ^ 64)
                        .ok_or_else(|| self.syntax("Illegal control escape sequence"))?,
                )
            }
            '0' => {
                let mut value = 0u32;
                let mut digits = 0;
                while digits < 3 {
                    match self.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) if value * 8 + d <= 0o377 => {
                            value = value * 8 + d;
                            digits += 1;
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                if digits == 0 {
                    return Err(self.syntax("Illegal octal escape sequence"));
                }
                Escaped::Char(char::from_u32(value).expect("at most 0o377"))
            }
            'x' => {
                let value = if self.peek() == Some('{') {
                    self.pos += 1;
                    let v = self.hex_digits(usize::MAX)?;
                    if self.bump() != Some('}') {
                        return Err(self.syntax("Unclosed hexadecimal escape sequence"));
                    }
                    v
                } else {
                    self.hex_exact(2)?
                };
                Escaped::Char(
                    char::from_u32(value)
                        .ok_or_else(|| self.syntax("Hexadecimal codepoint is too big"))?,
                )
            }
            'u' => {
                let value = self.hex_exact(4)?;
                Escaped::Char(
                    char::from_u32(value)
                        .ok_or_else(|| self.syntax("Illegal Unicode escape sequence"))?,
                )
            }
            '1'..='9' | 'k' => return Err(RegexError::Unsupported("back-references")),
            'p' | 'P' => return Err(RegexError::Unsupported("Unicode classes \\p{…}")),
            'h' | 'H' | 'v' | 'V' | 'R' | 'X' | 'N' => {
                return Err(RegexError::Unsupported(
                    "the escapes \\h \\H \\v \\V \\R \\X \\N",
                ))
            }
            c if c.is_ascii_alphabetic() => {
                return Err(self.syntax("Illegal/unsupported escape sequence"))
            }
            c => Escaped::Char(c),
        };
        Ok(escaped)
    }

    fn hex_exact(&mut self, count: usize) -> Result<u32, RegexError> {
        let start = self.pos;
        let v = self.hex_digits(count)?;
        if self.pos - start != count {
            return Err(self.syntax("Illegal hexadecimal escape sequence"));
        }
        Ok(v)
    }

    fn hex_digits(&mut self, max: usize) -> Result<u32, RegexError> {
        let mut value: u32 = 0;
        let mut n = 0;
        while n < max {
            let Some(d) = self.peek().and_then(|c| c.to_digit(16)) else {
                break;
            };
            value = value
                .checked_mul(16)
                .and_then(|v| v.checked_add(d))
                .ok_or_else(|| self.syntax("Hexadecimal codepoint is too big"))?;
            n += 1;
            self.pos += 1;
        }
        if n == 0 {
            return Err(self.syntax("Illegal hexadecimal escape sequence"));
        }
        Ok(value)
    }

    /// After `[`.
    fn class(&mut self) -> Result<CharClass, RegexError> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self
                .bump()
                .ok_or_else(|| self.syntax("Unclosed character class"))?;
            let lo = match c {
                ']' if !first => break,
                '[' => return Err(RegexError::Unsupported("nested character classes [a[b]]")),
                '&' if self.peek() == Some('&') => {
                    return Err(RegexError::Unsupported("character class intersection &&"))
                }
                '\\' => match self.escaped_char()? {
                    Escaped::Class(item) => {
                        items.push(item);
                        first = false;
                        continue;
                    }
                    Escaped::Char(c) => c,
                },
                c => c,
            };
            first = false;
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|n| n != ']') {
                self.pos += 1;
                let hi = match self.bump().expect("checked above") {
                    '\\' => match self.escaped_char()? {
                        Escaped::Char(c) => c,
                        Escaped::Class(_) => return Err(self.syntax("Illegal character range")),
                    },
                    '[' => return Err(RegexError::Unsupported("nested character classes [a[b]]")),
                    c => c,
                };
                if hi < lo {
                    return Err(self.syntax("Illegal character range"));
                }
                items.push(ClassItem::Range(lo, hi));
            } else {
                items.push(ClassItem::Range(lo, lo));
            }
        }
        Ok(CharClass { negated, items })
    }
}

enum Escaped {
    Char(char),
    Class(ClassItem),
}

#[derive(Default)]
struct Compiler {
    prog: Vec<Inst>,
    classes: Vec<CharClass>,
}

impl Compiler {
    fn emit(&mut self, inst: Inst) -> Result<usize, RegexError> {
        if self.prog.len() >= MAX_INSTRUCTIONS {
            return Err(RegexError::TooLarge);
        }
        self.prog.push(inst);
        Ok(self.prog.len() - 1)
    }

    fn node(&mut self, node: &Node) -> Result<(), RegexError> {
        match node {
            Node::Empty => {}
            Node::Literal(c) => {
                self.emit(Inst::Char(*c))?;
            }
            Node::Class(class) => {
                self.classes.push(class.clone());
                self.emit(Inst::Class(self.classes.len() - 1))?;
            }
            Node::Start => {
                self.emit(Inst::AssertStart)?;
            }
            Node::End => {
                self.emit(Inst::AssertEnd)?;
            }
            Node::Concat(nodes) => {
                for n in nodes {
                    self.node(n)?;
                }
            }
            Node::Alt(branches) => {
                let mut jumps = Vec::new();
                let (last, rest) = branches.split_last().expect("an alternation has branches");
                for branch in rest {
                    let split = self.emit(Inst::Split(0, 0))?;
                    self.node(branch)?;
                    jumps.push(self.emit(Inst::Jmp(0))?);
                    self.prog[split] = Inst::Split(split + 1, self.prog.len());
                }
                self.node(last)?;
                let end = self.prog.len();
                for j in jumps {
                    self.prog[j] = Inst::Jmp(end);
                }
            }
            Node::Repeat { node, min, max } => {
                for _ in 0..*min {
                    self.node(node)?;
                }
                match max {
                    None => {
                        let split = self.emit(Inst::Split(0, 0))?;
                        self.node(node)?;
                        self.emit(Inst::Jmp(split))?;
                        self.prog[split] = Inst::Split(split + 1, self.prog.len());
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.emit(Inst::Split(0, 0))?);
                            self.node(node)?;
                        }
                        let end = self.prog.len();
                        for s in splits {
                            self.prog[s] = Inst::Split(s + 1, end);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(pattern: &str, input: &str) -> bool {
        JavaRegex::new(pattern).unwrap().is_full_match(input)
    }

    #[test]
    fn whole_string_semantics() {
        assert!(m("orders", "orders"));
        assert!(
            !m("orders", "orders-v2"),
            "String.matches needs the whole name"
        );
        assert!(m("orders.*", "orders-v2"));
        assert!(m("my.topic", "my_topic"), "`.` is any character");
        assert!(!m("my\\.topic", "my_topic"));
        assert!(m("a|b|c", "b"));
        assert!(m("", ""));
        assert!(!m("", "a"));
        assert!(m("a|", ""));
        assert!(m("^orders$", "orders"));
        assert!(m("\\Aord\\z", "ord"));
    }

    #[test]
    fn classes_and_quantifiers() {
        assert!(m("[a-c]+_[0-9]{2}", "abc_42"));
        assert!(!m("[a-c]+_[0-9]{2}", "abc_4"));
        assert!(m("[^_]*", "orders-v2"));
        assert!(!m("[^_]*", "my_topic"));
        assert!(m("\\w+-\\d{1,3}", "logs-123"));
        assert!(!m("\\w+-\\d{1,3}", "logs-1234"));
        assert!(m("x{2,}", "xxxx"));
        assert!(m("(ab)*?c", "ababc"));
        assert!(m("(?:a|b)(?<rest>c+)", "bccc"));
        assert!(m("[-a]+", "a-a"));
        assert!(m("[a-]+", "-a"));
        assert!(m("[]a]+", "]a"));
        assert!(m("\\Q.*\\E", ".*"));
        assert!(!m("\\Q.*\\E", "ab"));
        assert!(m("\\x41\\u0042\\0103\\t", "ABC\t"));
        assert!(m("(a*)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"));
        assert!(!m(
            "(a*)*b",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        ));
    }

    #[test]
    fn java_syntax_errors() {
        let syntax = |p: &str| matches!(JavaRegex::new(p), Err(RegexError::Syntax { .. }));
        for p in [
            "*a", "a**", "{", "a{", "a{2,1}", "(a", "a)", "[a", "[z-a]", "\\", "\\y", "a|?",
        ] {
            assert!(syntax(p), "{p} should be a syntax error");
        }
        assert_eq!(
            JavaRegex::new("a)").unwrap_err().to_string(),
            "Unmatched closing ')' near index 1"
        );
    }

    #[test]
    fn unsupported_constructs_are_refused_not_misread() {
        for p in [
            "a*+",
            "(?=a)",
            "(?i)a",
            "\\1",
            "\\bword",
            "\\p{Alpha}",
            "[a[b]]",
            "[a&&b]",
            "(?>a)",
        ] {
            assert!(
                matches!(JavaRegex::new(p), Err(RegexError::Unsupported(_))),
                "{p} should be unsupported"
            );
        }
        assert_eq!(
            JavaRegex::new("a{1000}{1000}").unwrap_err(),
            RegexError::Syntax {
                reason: "Illegal repetition",
                index: 7
            }
        );
        assert_eq!(
            JavaRegex::new("(a{1000}){1000}").unwrap_err(),
            RegexError::TooLarge
        );
    }

    proptest! {
        #[test]
        fn quoted_names_match_only_themselves(a in "[a-zA-Z0-9._-]{1,20}", b in "[a-zA-Z0-9._-]{1,20}") {
            let re = JavaRegex::new(&format!("\\Q{a}\\E")).unwrap();
            prop_assert!(re.is_full_match(&a));
            prop_assert_eq!(re.is_full_match(&b), a == b);
        }

        #[test]
        fn escaped_names_and_prefixes(name in "[a-z]{1,8}(\\.[a-z]{1,8}){0,3}", other in "[a-z._]{1,30}") {
            let escaped = name.replace('.', "\\.");
            let exact = JavaRegex::new(&escaped).unwrap();
            prop_assert_eq!(exact.is_full_match(&other), other == name);
            let prefix = JavaRegex::new(&format!("{escaped}.*")).unwrap();
            prop_assert_eq!(prefix.is_full_match(&other), other.starts_with(&name));
            let either = JavaRegex::new(&format!("{escaped}|{other}")).unwrap();
            prop_assert!(either.is_full_match(&name));
        }
    }
}
