// Python's time.asctime() format in UTC, e.g. "Thu Dec  3 11:48:26 2026":
// the course's clients compare transfer times in this exact form.

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function asctime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, " ");
  const clock = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${day} ${clock} ${date.getUTCFullYear()}`;
}
