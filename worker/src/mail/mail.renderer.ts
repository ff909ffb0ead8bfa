import type { SendMailPayload } from '@sesame/jobs';
import { MessageKey, translate } from '@sesame/i18n';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  language: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Renders a mail template in the recipient's language: plain text, and HTML with clickable links. */
export function renderMail(payload: SendMailPayload): RenderedMail {
  const { template, language, params } = payload;
  const subject = translate(language, `mail.${template}.subject` as MessageKey, params);
  const body = translate(language, `mail.${template}.body` as MessageKey, params);
  const footer = translate(language, 'mail.footer');
  const text = `${body}\n\n--\n${footer}\n`;
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>').replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</p>`)
    .join('\n');
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1b1b1f; max-width: 40em">
${paragraphs}
<hr><p style="color:#5f5f66; font-size: 0.9em">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject, text, html, language };
}
