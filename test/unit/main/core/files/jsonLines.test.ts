import { describe, expect, it } from 'vitest';
import { jsonLineObject, jsonLineObjects } from '../../../../../main/core/files/jsonLines';

describe('JSON Lines', () => {
  it('reads one object a line and skips blank, torn and non-object lines', () => {
    const text = [
      '{"type":"start"}',
      '',
      '{"type":"progr',
      '[1,2]',
      '"text"',
      ' {"type":"stop"} ',
      '',
    ].join('\n');
    expect(jsonLineObjects(text)).toEqual([{ type: 'start' }, { type: 'stop' }]);
  });

  it('says null for what is not an object', () => {
    expect(jsonLineObject('null')).toBeNull();
    expect(jsonLineObject('   ')).toBeNull();
    expect(jsonLineObject('{"a":1}')).toEqual({ a: 1 });
  });
});
