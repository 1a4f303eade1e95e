/** A JSON column's value, or null when it is empty or damaged (a damaged cell must not break a screen). */
export function parseJson<T>(s: string | null): T | null {
  if (!s) return null;
  try {
    return JSON.parse(s) as T;
  } catch {
    return null;
  }
}
