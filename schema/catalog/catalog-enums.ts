import { registerEnumType } from 'type-graphql';
import { AdjustmentType, MatterStatus } from '../../entities/adjustment-type.js';
import { MatterCategory } from '../../entities/matter-category.js';
import { MatterKind } from '../../entities/matter-kind.js';
import { MatterLevel } from '../../entities/matter-level.js';
import { MaterialForm } from '../../entities/matter-requirements.js';

registerEnumType(MatterCategory, {
  name: 'MatterCategory',
  description: 'The ten types of administrative power (行政许可 … 其他行政权力) and public services (公共服务).',
  valuesConfig: {
    ADMINISTRATIVE_LICENSING: { description: '行政许可' },
    ADMINISTRATIVE_PENALTY: { description: '行政处罚' },
    ADMINISTRATIVE_LEVY: { description: '行政征收' },
    ADMINISTRATIVE_COERCION: { description: '行政强制' },
    ADMINISTRATIVE_CONFIRMATION: { description: '行政确认' },
    ADMINISTRATIVE_ADJUDICATION: { description: '行政裁决' },
    ADMINISTRATIVE_PAYMENT: { description: '行政给付' },
    ADMINISTRATIVE_INSPECTION: { description: '行政检查' },
    ADMINISTRATIVE_REWARD: { description: '行政奖励' },
    OTHER_ADMINISTRATIVE_POWER: { description: '其他行政权力' },
    PUBLIC_SERVICE: { description: '公共服务' },
  },
});
registerEnumType(MatterLevel, {
  name: 'MatterLevel',
  description: 'A level of the 四级联网 network: province, city, county/district, township centre, village agency point.',
});
registerEnumType(MatterKind, { name: 'MatterKind', description: 'On-the-spot (即办件) or promised (承诺件).' });
registerEnumType(AdjustmentType, { name: 'AdjustmentType', description: 'Add (新增), cancel (取消), delegate (下放) or adjust (调整).' });
registerEnumType(MatterStatus, { name: 'MatterStatus', description: 'In the catalog (在用) or cancelled (已取消).' });
registerEnumType(MaterialForm, { name: 'MaterialForm', description: 'Original (原件), copy (复印件), or both.' });
