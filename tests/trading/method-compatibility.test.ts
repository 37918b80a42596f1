import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.js';
import { checkMethodFits, methodFits, METHODS_BY_CATEGORY } from '../../domain/trading/method-compatibility.js';
import { TradeCategory } from '../../entities/trade-category.js';
import { TradeMethod } from '../../entities/trade-method.js';

describe('which methods each category may use', () => {
  it('keeps auctions, listings and agreements to transfers', () => {
    for (const method of [TradeMethod.AUCTION, TradeMethod.LISTING, TradeMethod.AGREEMENT]) {
      expect(methodFits(TradeCategory.CONSTRUCTION, method)).toBe(false);
      expect(methodFits(TradeCategory.PROCUREMENT, method)).toBe(false);
      expect(methodFits(TradeCategory.LAND_USE_RIGHTS, method)).toBe(true);
      expect(methodFits(TradeCategory.STATE_PROPERTY_RIGHTS, method)).toBe(true);
    }
  });

  it('gives procurement the six methods of the Government Procurement Law and 财库〔2014〕214号', () => {
    expect([...METHODS_BY_CATEGORY.PROCUREMENT].sort()).toEqual([
      'COMPETITIVE_CONSULTATION',
      'COMPETITIVE_NEGOTIATION',
      'INVITED_TENDER',
      'OPEN_TENDER',
      'REQUEST_FOR_QUOTATION',
      'SINGLE_SOURCE',
    ]);
  });

  it('refuses a request for quotation for works and an invited tender for land', () => {
    expect(methodFits(TradeCategory.CONSTRUCTION, TradeMethod.REQUEST_FOR_QUOTATION)).toBe(false);
    expect(methodFits(TradeCategory.LAND_USE_RIGHTS, TradeMethod.INVITED_TENDER)).toBe(false);
    expect(methodFits(TradeCategory.OTHER, TradeMethod.AUCTION)).toBe(true);
  });

  it('names the field, the method and what the category allows', () => {
    try {
      checkMethodFits(TradeCategory.CONSTRUCTION, TradeMethod.AUCTION, 'input.method');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('BAD_USER_INPUT');
      expect((error as DomainError).field).toBe('input.method');
      expect((error as DomainError).message).toBe(
        'input.method: 拍卖 (AUCTION) is not a method for 工程建设 (CONSTRUCTION); allowed: 公开招标 OPEN_TENDER, 邀请招标 INVITED_TENDER, 竞争性谈判 COMPETITIVE_NEGOTIATION, 竞争性磋商 COMPETITIVE_CONSULTATION, 单一来源 SINGLE_SOURCE',
      );
    }
  });
});
