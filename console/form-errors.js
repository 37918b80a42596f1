/*
 * Errors shown beside the field they concern: the paragraph [data-error-for=field] under it, the
 * control marked aria-invalid (its aria-describedby names the paragraph, so a screen reader reads it).
 */
export function setFieldError(form, name, text) {
  const slot = form.querySelector(`[data-error-for="${name}"]`);
  const control = form.elements.namedItem(name);
  if (slot) slot.textContent = text || '';
  if (control && control.setAttribute) {
    if (text) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
  return Boolean(slot);
}

export function clearFieldErrors(form) {
  for (const slot of form.querySelectorAll('[data-error-for]')) setFieldError(form, slot.dataset.errorFor, null);
}

/**
 * Puts each explained error beside its field and focuses the first; returns the text for the
 * form's message line: errors without a field of this form, or null when all found their field.
 */
export function showFieldErrors(form, explained) {
  const elsewhere = [];
  let first = null;
  for (const { field, label, text } of explained) {
    if (field && setFieldError(form, field, text)) {
      first = first || form.elements.namedItem(field);
    } else {
      elsewhere.push(label ? `${label}：${text}` : text);
    }
  }
  if (first && first.focus) first.focus();
  return elsewhere.length ? elsewhere.join('；') : null;
}
