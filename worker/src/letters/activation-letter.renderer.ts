import { Language } from '@sesame/config';
import { formatLongDate, LANGUAGE_LOCALES, translate } from '@sesame/i18n';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** Everything printed on an activation letter. The code is the only secret and is never logged. */
export interface ActivationLetterContent {
  language: Language;
  personName: string;
  municipalityName: string;
  code: string;
  email: string;
  issuedAt: Date;
  expiresAt: Date;
  /** The activation page the QR code opens (the e-mail carries the single-use link). */
  activationUrl: string;
}

// DejaVu from npm: every Latin, Greek and Cyrillic name prints, on any machine, with no system fonts.
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = {
  regular: join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
  code: join(FONT_DIR, 'DejaVuSansMono-Bold.ttf'),
};

/**
 * Renders the one-page A4 activation letter: letterhead, addressee, the code in large monospaced
 * type (its alphabet has no look-alike characters), the QR code of the activation page, the validity
 * date and the steps, all in the person's language.
 */
export async function renderActivationLetter(content: ActivationLetterContent): Promise<Buffer> {
  const t = (key: Parameters<typeof translate>[1], params: Record<string, string> = {}) => translate(content.language, key, params);
  const issued = formatLongDate(content.issuedAt, content.language);
  const validUntil = formatLongDate(content.expiresAt, content.language);
  const qr = await QRCode.toBuffer(content.activationUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 300 });

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 64, right: 64 },
    info: { Title: t('letter.title'), Author: `Sésame — ${content.municipalityName}`, Creator: 'Sésame' },
    lang: LANGUAGE_LOCALES[content.language],
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('code', FONTS.code);
  const width = doc.page.width - 128;

  // Letterhead.
  doc.font('bold').fontSize(15).fillColor('#1d3557').text(content.municipalityName, { width });
  doc.font('regular').fontSize(9).fillColor('#5f5f66').text(t('letter.office'), { width });
  doc.moveTo(64, doc.y + 6).lineTo(64 + width, doc.y + 6).lineWidth(1).strokeColor('#1d3557').stroke();
  doc.moveDown(1.5);

  doc.font('regular').fontSize(10).fillColor('#1b1b1f').text(issued, { width, align: 'right' });
  doc.moveDown(1);
  doc.font('bold').fontSize(17).text(t('letter.title'), { width });
  doc.moveDown(0.8);
  doc.font('regular').fontSize(11).text(t('letter.greeting', { name: content.personName }), { width });
  doc.moveDown(0.5);
  doc.text(t('letter.intro', { municipality: content.municipalityName, date: issued }), { width, lineGap: 2 });
  doc.moveDown(1.2);

  // The code, framed, with the QR code beside it.
  const boxTop = doc.y;
  const boxHeight = 118;
  doc.roundedRect(64, boxTop, width, boxHeight, 8).lineWidth(1.5).strokeColor('#1d3557').stroke();
  doc.font('regular').fontSize(10).fillColor('#5f5f66').text(t('letter.code_label'), 84, boxTop + 16, { width: width - 150 });
  doc.font('code').fontSize(21).fillColor('#000000').text(content.code, 84, boxTop + 40, { width: width - 150, characterSpacing: 1 });
  doc.font('regular').fontSize(10).fillColor('#1b1b1f').text(t('letter.valid_until', { date: validUntil }), 84, boxTop + 80, { width: width - 150 });
  doc.image(qr, 64 + width - 112, boxTop + 9, { width: 100, height: 100 });
  doc.y = boxTop + boxHeight + 6;
  doc.x = 64;
  doc.font('regular').fontSize(8).fillColor('#5f5f66').text(t('letter.qr_caption', { url: content.activationUrl }), { width, align: 'right' });
  doc.moveDown(1.2);

  doc.font('bold').fontSize(13).fillColor('#1b1b1f').text(t('letter.steps_title'), { width });
  doc.moveDown(0.4);
  const steps = [
    t('letter.step1', { email: content.email, url: content.activationUrl }),
    t('letter.step2'),
    t('letter.step3'),
    t('letter.step4'),
  ];
  doc.font('regular').fontSize(11);
  steps.forEach((step, index) => {
    doc.text(`${index + 1}.  ${step}`, { width, indent: 0, lineGap: 2 });
    doc.moveDown(0.35);
  });
  doc.moveDown(0.8);
  doc.font('bold').fontSize(10).text(t('letter.keep_private'), { width });

  doc.font('regular').fontSize(8).fillColor('#5f5f66').text(t('letter.footer', { municipality: content.municipalityName }), 64, doc.page.height - 90, {
    width,
    align: 'center',
  });
  doc.end();
  return done;
}
