/**
 * One field for Excel: a leading =, +, -, @, tab or CR gets a ' so it is never read as a formula;
 * a field with the separator, a quote, a comma or a line break is quoted (RFC 4180).
 */
export function csvField(value: string | undefined): string {
  let s = value ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[;",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}
