/**
 * Rewriting another program's JSON file without reformatting it needlessly:
 * the indentation (spaces, tabs or none) and the final newline are read
 * from the original and used for the new text. Key order is kept by
 * JSON.parse/JSON.stringify, except that keys that look like array indexes
 * ("1", "42") move to the front (a JavaScript rule).
 */
export interface JsonFormat {
  indent: string;
  finalNewline: boolean;
}

/** jq's and `JSON.stringify(v, null, 2)`'s format, for new files. */
export const DEFAULT_JSON_FORMAT: JsonFormat = { indent: '  ', finalNewline: true };

export function detectJsonFormat(text: string): JsonFormat {
  const match = /^[{[][ \t]*\r?\n([ \t]+)\S/.exec(text.trimStart());
  return { indent: match?.[1] ?? '', finalNewline: text.endsWith('\n') };
}

export function formatJson(value: unknown, format: JsonFormat): string {
  const text = JSON.stringify(value, null, format.indent);
  return format.finalNewline ? `${text}\n` : text;
}
