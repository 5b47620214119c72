/**
 * JSON Lines as other tools append them (events.jsonl, schmux events, our
 * audit log): one JSON object a line. A torn or malformed line (a writer
 * that crashed mid-line, a stray print) is skipped, never fatal.
 */

/** The object on one line, or null for a blank, malformed or non-object line. */
export function jsonLineObject(line: string): Record<string, unknown> | null {
  const trimmed = line.trim();
  if (trimmed === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Every object of a JSON Lines text, in order. */
export function jsonLineObjects(text: string): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    const object = jsonLineObject(line);
    if (object) objects.push(object);
  }
  return objects;
}
