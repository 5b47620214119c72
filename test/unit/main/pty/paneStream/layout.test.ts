import { describe, expect, it } from 'vitest';
import { parseLayout } from '../../../../../main/pty/paneStream/layout';

// Layouts as tmux writes them, with their real checksums (tmux's layout_checksum).

describe('parseLayout', () => {
  it('reads a window of one pane', () => {
    expect(parseLayout('b25d,80x24,0,0,0')).toEqual({
      cols: 80,
      rows: 24,
      panes: [{ id: 0, x: 0, y: 0, cols: 80, rows: 24 }],
    });
    expect(parseLayout('b25e,80x24,0,0,1')).toEqual({
      cols: 80,
      rows: 24,
      panes: [{ id: 1, x: 0, y: 0, cols: 80, rows: 24 }],
    });
  });

  it('reads panes side by side', () => {
    expect(parseLayout('020a,80x24,0,0{40x24,0,0,1,39x24,41,0,2}')).toEqual({
      cols: 80,
      rows: 24,
      panes: [
        { id: 1, x: 0, y: 0, cols: 40, rows: 24 },
        { id: 2, x: 41, y: 0, cols: 39, rows: 24 },
      ],
    });
  });

  it('reads stacked panes', () => {
    expect(parseLayout('419a,80x24,0,0[80x12,0,0,1,80x11,0,13,2]')).toEqual({
      cols: 80,
      rows: 24,
      panes: [
        { id: 1, x: 0, y: 0, cols: 80, rows: 12 },
        { id: 2, x: 0, y: 13, cols: 80, rows: 11 },
      ],
    });
  });

  it('reads nested splits, panes in order of the layout', () => {
    expect(
      parseLayout('adc3,159x48,0,0{79x48,0,0,0,79x48,80,0[79x24,80,0,1,79x23,80,25,2]}'),
    ).toEqual({
      cols: 159,
      rows: 48,
      panes: [
        { id: 0, x: 0, y: 0, cols: 79, rows: 48 },
        { id: 1, x: 80, y: 0, cols: 79, rows: 24 },
        { id: 2, x: 80, y: 25, cols: 79, rows: 23 },
      ],
    });
    expect(
      parseLayout('ee11,212x50,0,0[212x25,0,0{106x25,0,0,3,105x25,107,0,4},212x24,0,26,5]'),
    ).toEqual({
      cols: 212,
      rows: 50,
      panes: [
        { id: 3, x: 0, y: 0, cols: 106, rows: 25 },
        { id: 4, x: 107, y: 0, cols: 105, rows: 25 },
        { id: 5, x: 0, y: 26, cols: 212, rows: 24 },
      ],
    });
  });

  it('reads large pane ids and sizes', () => {
    expect(parseLayout('3496,1000x300,0,0,123456')).toEqual({
      cols: 1000,
      rows: 300,
      panes: [{ id: 123456, x: 0, y: 0, cols: 1000, rows: 300 }],
    });
  });

  it('reads a layout without its checksum', () => {
    expect(parseLayout('80x24,0,0{40x24,0,0,1,39x24,41,0,2}').panes.map((p) => p.id)).toEqual([
      1, 2,
    ]);
  });

  it.each([
    [''],
    ['b25d'],
    ['b25d,'],
    ['b25d,80x24,0,0'],
    ['b25d,80x24,0,0,'],
    ['b25d,80x24,0,0,x'],
    ['b25d,80,24,0,0,0'],
    ['b25d,80x24,0,0,0,'],
    ['b25d,80x24,0,0,0 '],
    ['b25d,80x24,0,0,0}'],
    ['b25d,80x24,0,0{}'],
    ['b25d,80x24,0,0{40x24,0,0,1,39x24,41,0,2'],
    ['b25d,80x24,0,0{40x24,0,0,1,39x24,41,0,2]'],
    ['b25d,80x24,0,0[40x24,0,0,1,39x24,41,0,2}'],
    ['b25d,80x24,0,0{40x24,0,0,1,}'],
    ['b25d,-80x24,0,0,0'],
    ['not a layout'],
  ])('refuses %j with an error that names it', (text) => {
    expect(() => parseLayout(text)).toThrow(Error);
    expect(() => parseLayout(text)).toThrow(JSON.stringify(text));
  });

  it('says where reading stopped', () => {
    expect(() => parseLayout('80x24,0,0,0}')).toThrow(
      'unreadable tmux layout at 11: "80x24,0,0,0}"',
    );
    // Counted in the quoted text, checksum included.
    expect(() => parseLayout('b25d,80x24,0,0')).toThrow('unreadable tmux layout at 14:');
  });
});
