import { registerEnumType } from 'type-graphql';
import { TRADE_CATEGORY_LABELS, TradeCategory } from '../../entities/trade-category.js';
import { TRADE_METHOD_LABELS, TradeMethod } from '../../entities/trade-method.js';
import { TRADE_STATUS_LABELS, TradeStatus } from '../../entities/trade-status.js';

const described = <T extends string>(labels: Record<T, string>) =>
  Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, { description: label as string }])) as Record<
    T,
    { description: string }
  >;

registerEnumType(TradeCategory, {
  name: 'TradeCategory',
  description: 'What is traded (交易类别).',
  valuesConfig: described(TRADE_CATEGORY_LABELS),
});
registerEnumType(TradeMethod, {
  name: 'TradeMethod',
  description: 'How the counterparty is chosen (交易方式); each category allows only the methods the law gives it.',
  valuesConfig: described(TRADE_METHOD_LABELS),
});
registerEnumType(TradeStatus, {
  name: 'TradeStatus',
  description: 'Where a trade stands; AWARDED, FAILED and CANCELLED are final.',
  valuesConfig: described(TRADE_STATUS_LABELS),
});
