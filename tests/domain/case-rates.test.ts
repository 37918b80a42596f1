import { describe, expect, it } from 'vitest';
import { roundRatio } from '../../domain/cases/case-stats.js';

describe('roundRatio', () => {
  it('rounds the exact ratio half up once', () => {
    // 57 ÷ 800 = 0.07125 exactly; the float 57 / 800 times 10⁴ is 712.4999…, which would round down.
    expect(roundRatio(57, 800, 4)).toBe(0.0713);
    expect(roundRatio(19233, 20000, 4)).toBe(0.9617);
    expect(roundRatio(1, 3, 4)).toBe(0.3333);
    expect(roundRatio(2, 3, 4)).toBe(0.6667);
    expect(roundRatio(20, 3, 2)).toBe(6.67);
    expect(roundRatio(5, 5, 4)).toBe(1);
  });
});
