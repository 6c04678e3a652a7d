/**
 * Numbers as people read them, through one Intl.NumberFormat per locale and number of decimals.
 * `n.toLocaleString(locale, …)` builds a new formatter on every call, which costs far more than the
 * formatting (it was the largest single cost of rendering a project card).
 */
const formats = new Map<string, Intl.NumberFormat>();

export function formatNumber(n: number, locale: string, decimals?: { min?: number; max?: number }): string {
  const key = `${locale}|${decimals?.min ?? ''}|${decimals?.max ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    // signDisplay 'negative': no sign on zero, also not on -0 or on a negative that rounds to zero
    // ("-0 kr" reads as a debt of nothing); other negatives keep their minus.
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals?.min, maximumFractionDigits: decimals?.max, signDisplay: 'negative' });
    formats.set(key, format);
  }
  return format.format(n);
}
