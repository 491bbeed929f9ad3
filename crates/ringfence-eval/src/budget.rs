//! What one evaluation unit (a Terraform root with its modules, a CloudFormation
//! template with its nested stacks) may spend: the size of any value it computes and
//! the total work. A unit that meets a bound stops evaluating (every later expression
//! is unknown, at no cost) and reports one located error, which fails the scan: a
//! value silently turned unknown would be one more way to switch a rule off.
//!
//! The bounds are in `ringfence_syntax::limits`, beside every other bound on input.

use crate::{Kind, Value};
use ringfence_syntax::limits::{
    MAX_EVAL_DEPTH, MAX_EVAL_WORK, MAX_EVAL_WORK_PER_BYTE, MAX_VALUE_BYTES, MAX_VALUE_DEPTH, MAX_VALUE_ELEMENTS,
};
use ringfence_syntax::{Diagnostic, Span};
use std::cell::{Cell, RefCell};

/// Work is counted in steps: one expression evaluated, one element copied, or this
/// many bytes of text copied.
const BYTES_PER_STEP: usize = 64;

pub(crate) struct Budget {
    /// Steps the unit may spend.
    limit: u64,
    spent: Cell<u64>,
    depth: Cell<usize>,
    /// Where and how the unit met a bound (only the first is kept).
    met: RefCell<Option<(Span, String)>>,
}

/// Held while an evaluation is nested inside another; leaving gives the level back.
pub(crate) struct Level<'b>(&'b Budget);

impl Drop for Level<'_> {
    fn drop(&mut self) {
        self.0.depth.set(self.0.depth.get() - 1);
    }
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::for_input(0)
    }
}

impl Budget {
    /// The budget of a unit whose files hold `bytes`.
    pub fn for_input(bytes: usize) -> Budget {
        Budget {
            limit: MAX_EVAL_WORK.saturating_add(MAX_EVAL_WORK_PER_BYTE.saturating_mul(bytes as u64)),
            spent: Cell::new(0),
            depth: Cell::new(0),
            met: RefCell::new(None),
        }
    }

    pub fn exhausted(&self) -> bool {
        self.met.borrow().is_some()
    }

    /// Records that the unit met a bound at `span`; always `false`.
    pub fn exceed(&self, span: Span, what: String) -> bool {
        let mut met = self.met.borrow_mut();
        if met.is_none() {
            *met = Some((span, what));
        }
        false
    }

    /// One evaluation step at `span`, nested one level deeper; `None` once the unit
    /// has met a bound (the caller yields unknown).
    pub fn enter(&self, span: Span) -> Option<Level<'_>> {
        if self.exhausted() || !self.charge(span, 1) {
            return None;
        }
        if self.depth.get() >= MAX_EVAL_DEPTH {
            self.exceed(span, format!("expressions and references nest deeper than {MAX_EVAL_DEPTH} levels here"));
            return None;
        }
        self.depth.set(self.depth.get() + 1);
        Some(Level(self))
    }

    /// Spends `steps`; `false` once the unit's total is spent.
    pub fn charge(&self, span: Span, steps: u64) -> bool {
        let spent = self.spent.get().saturating_add(steps);
        self.spent.set(spent);
        if spent > self.limit {
            let limit = self.limit;
            return self.exceed(
                span,
                format!("evaluating takes more than {limit} steps of work (a configuration that multiplies values)"),
            );
        }
        !self.exhausted()
    }

    /// Charges `steps` that an operation is about to do (the comparisons of a set
    /// function) before it does them.
    pub fn allows(&self, span: Span, steps: usize) -> bool {
        self.charge(span, steps as u64)
    }

    /// Whether a string of `bytes` may be built at `span`: checked before building
    /// it, or while it grows. The result is charged when it is admitted.
    pub fn allows_text(&self, span: Span, bytes: usize) -> bool {
        if bytes > MAX_VALUE_BYTES {
            return self.exceed(span, format!("a computed string is longer than {}", bytes_text(MAX_VALUE_BYTES)));
        }
        !self.exhausted()
    }

    /// Whether a collection of `n` elements may be built at `span`.
    pub fn allows_elements(&self, span: Span, n: usize) -> bool {
        if n > MAX_VALUE_ELEMENTS {
            return self.exceed(span, format!("a computed value has more than {MAX_VALUE_ELEMENTS} elements"));
        }
        !self.exhausted()
    }

    /// Measures a value just computed or copied at `span` against the bounds on one
    /// value, and charges its size. `false` (the caller yields unknown) when it is
    /// too big.
    pub fn admit(&self, span: Span, value: &Value) -> bool {
        if self.exhausted() {
            return false;
        }
        let size = measure(value);
        if size.depth > MAX_VALUE_DEPTH {
            return self.exceed(span, format!("a computed value nests deeper than {MAX_VALUE_DEPTH} levels"));
        }
        if size.elements > MAX_VALUE_ELEMENTS {
            return self.exceed(span, format!("a computed value has more than {MAX_VALUE_ELEMENTS} elements"));
        }
        if size.bytes > MAX_VALUE_BYTES {
            return self
                .exceed(span, format!("a computed value holds more than {} of text", bytes_text(MAX_VALUE_BYTES)));
        }
        self.charge(span, (size.elements + size.bytes / BYTES_PER_STEP) as u64)
    }

    /// The file where the unit met a bound.
    pub fn met_in(&self) -> Option<ringfence_syntax::FileId> {
        self.met.borrow().as_ref().map(|(span, _)| span.file)
    }

    /// The error to report, if the unit met a bound.
    pub fn diagnostic(&self) -> Option<Diagnostic> {
        let (span, what) = self.met.borrow().clone()?;
        Some(Diagnostic::error(
            span.file,
            Some(span),
            format!(
                "evaluation budget exceeded: {what}; this file is not checked \
                 (docs/security.md lists the budgets)"
            ),
        ))
    }
}

#[derive(Default)]
struct Size {
    elements: usize,
    bytes: usize,
    depth: usize,
}

/// The elements, bytes of text and depth of a value, origins included. The walk
/// stops as soon as one bound is passed, so measuring costs no more than the bound.
fn measure(value: &Value) -> Size {
    let mut size = Size::default();
    let mut stack: Vec<(&Value, usize)> = vec![(value, 1)];
    while let Some((v, depth)) = stack.pop() {
        size.elements += 1 + v.origins.len();
        size.depth = size.depth.max(depth);
        size.bytes += v.origins.iter().map(|o| o.label.len()).sum::<usize>();
        if let Some(r) = &v.rendered {
            size.bytes += r.text.len();
            size.elements += r.pieces.len();
        }
        match &v.kind {
            Kind::String(s) => size.bytes += s.len(),
            Kind::List(items) => stack.extend(items.iter().map(|i| (i, depth + 1))),
            Kind::Map(entries) => {
                size.bytes += entries.iter().map(|e| e.key.len()).sum::<usize>();
                stack.extend(entries.iter().map(|e| (&e.value, depth + 1)));
            }
            Kind::Unknown(refs) => size.elements += refs.len(),
            Kind::Error(message) => size.bytes += message.len(),
            Kind::Null | Kind::Bool(_) | Kind::Number(_) => {}
        }
        if size.elements > MAX_VALUE_ELEMENTS || size.bytes > MAX_VALUE_BYTES || size.depth > MAX_VALUE_DEPTH {
            break;
        }
    }
    size
}

fn bytes_text(n: usize) -> String {
    format!("{} MiB", n >> 20)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ringfence_syntax::FileId;

    fn span() -> Span {
        Span::new(FileId(0), 3, 5)
    }

    fn list(n: usize) -> Value {
        Value::new(Kind::List((0..n).map(|i| Value::new(Kind::Number(i as f64), span())).collect()), span())
    }

    #[test]
    fn a_value_within_the_bounds_is_admitted_and_charged() {
        let budget = Budget::default();
        assert!(budget.admit(span(), &list(1000)));
        assert_eq!(budget.spent.get(), 1001);
        assert!(budget.diagnostic().is_none());
    }

    #[test]
    fn a_value_past_a_bound_is_a_located_error() {
        let budget = Budget::default();
        assert!(!budget.admit(span(), &list(MAX_VALUE_ELEMENTS + 1)));
        let d = budget.diagnostic().expect("an error");
        assert_eq!(d.span, Some(span()));
        assert!(d.message.contains("budget") && d.message.contains("elements"), "{}", d.message);
        // Once met, nothing more is evaluated.
        assert!(budget.enter(span()).is_none());
    }

    #[test]
    fn nesting_is_bounded_and_given_back() {
        let budget = Budget::default();
        {
            let levels: Vec<_> = (0..MAX_EVAL_DEPTH).map(|_| budget.enter(span()).expect("within")).collect();
            assert_eq!(levels.len(), MAX_EVAL_DEPTH);
        }
        assert_eq!(budget.depth.get(), 0);
        let _held: Vec<_> = (0..MAX_EVAL_DEPTH).map(|_| budget.enter(span())).collect();
        assert!(budget.enter(span()).is_none());
        assert!(budget.diagnostic().is_some_and(|d| d.message.contains("nest deeper")));
    }

    #[test]
    fn a_long_string_is_refused_before_it_is_built() {
        let budget = Budget::default();
        assert!(budget.allows_text(span(), MAX_VALUE_BYTES));
        assert!(!budget.allows_text(span(), MAX_VALUE_BYTES + 1));
    }
}
