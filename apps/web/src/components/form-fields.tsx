// A field of a form that picks from a list (a department, a project, a category): its label, whether it is
// required, and its test id `field-<name>`.
import { Form, Select } from 'antd';
import { useI18n } from '../i18n/i18n';

export interface Choice {
  value: string;
  label: string;
}

export function SelectField({
  name,
  label,
  options,
  required = false,
  multiple = false,
  searchable = false,
  size,
}: {
  name: string;
  label: string;
  options: Choice[];
  required?: boolean;
  multiple?: boolean;
  /** typing filters the options by their label */
  searchable?: boolean;
  size?: 'large';
}) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={name}
      label={label}
      rules={required ? [{ required: true, message: t('form.required') }] : undefined}
    >
      <Select
        size={size}
        mode={multiple ? 'multiple' : undefined}
        options={options}
        showSearch={searchable ? { optionFilterProp: 'label' } : undefined}
        data-testid={`field-${name}`}
      />
    </Form.Item>
  );
}
