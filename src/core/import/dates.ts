// Birthdays and other calendar dates in the shapes spreadsheets use: 1990-03-12, 1990/3/12,
// 1990.3.12, 19900312, 1990年3月12日, 12/03/1990 (with --date-format dmy or mdy), ROC years
// 79/03/12 or 民國79年3月12日 (with --roc-dates), and ISO timestamps from XLSX date cells.
// Parsing is date-fns; only the ROC year offset (1911) is applied by hand.
import { format as formatDate, isValid, parse } from 'date-fns';

export type DateOrder = 'ymd' | 'dmy' | 'mdy';
export const DATE_ORDERS: readonly DateOrder[] = ['ymd', 'dmy', 'mdy'];

export interface DateOptions {
  order: DateOrder;
  roc: boolean;
}

const REF = new Date(2000, 0, 1);

const YMD = ['yyyy-M-d', 'yyyy/M/d', 'yyyy.M.d', 'yyyyMMdd', "yyyy'年'M'月'd'日'"];
const DMY = ['d/M/yyyy', 'd-M-yyyy', 'd.M.yyyy'];
const MDY = ['M/d/yyyy', 'M-d-yyyy', 'M.d.yyyy'];

function tryFormats(s: string, formats: string[]): string | null {
  for (const f of formats) {
    const d = parse(s, f, REF);
    if (isValid(d) && d.getFullYear() >= 1800 && d.getFullYear() <= 2200) return formatDate(d, 'yyyy-MM-dd');
  }
  return null;
}

/** 'YYYY-MM-DD', or null when the text is not a date in the accepted shapes. Empty → null too. */
export function parseCalendarDate(raw: string, opts: DateOptions = { order: 'ymd', roc: false }): string | null {
  let s = raw.trim().replace(/\s+/g, '');
  if (s === '') return null;
  const iso = /^(\d{4}-\d{2}-\d{2})T[\d:.]+(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (iso) s = iso[1];
  if (opts.roc) {
    // ROC (Minguo) year: 79/03/12, 079-3-12, 民國79年3月12日 → Gregorian year + 1911.
    const m = /^(?:民國|民国)?(\d{2,3})([\/\-.年])(\d{1,2})[\/\-.月](\d{1,2})日?$/.exec(s);
    if (m) s = `${Number(m[1]) + 1911}-${m[3]}-${m[4]}`;
  }
  const formats = opts.order === 'dmy' ? [...YMD, ...DMY] : opts.order === 'mdy' ? [...YMD, ...MDY] : YMD;
  return tryFormats(s, formats);
}
