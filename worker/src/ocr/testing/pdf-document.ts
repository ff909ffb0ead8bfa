/**
 * PDFs for the document specs, made with pdfkit: each page a picture (e.g. an ID card drawn by
 * `id-card-image.ts`) placed as a scanner would, or a page of a given size. Test code only.
 */
import PDFDocument from 'pdfkit';
import sharp from 'sharp';

/** One page of {@link makePdf}. */
export interface PdfPageSpec {
  /** A picture (PNG or JPEG) placed on the page, embedded as JPEG like a scanner's output; default a plain rectangle. */
  picture?: Buffer;
  /** Page size in points (1/72 inch); default A4 (595.28 × 841.89). */
  size?: [number, number];
  /** Width of the picture on the page, in millimetres; default 85.6 (an ID card at its real size). */
  pictureWidthMm?: number;
}

/** Options of {@link makePdf}. */
export interface MakePdfOptions {
  /** Needed to open the PDF at all (RC4/AES encryption with a user password). */
  userPassword?: string;
  /** Restricts what a reader may do (printing, copying …); the PDF still opens without a password. */
  ownerPassword?: string;
}

const MM = 72 / 25.4;

/** A PDF with one page per spec, each picture at the top left of its page (20 mm margins). */
export async function makePdf(pages: readonly PdfPageSpec[], options: MakePdfOptions = {}): Promise<Buffer> {
  const encryption = options.userPassword || options.ownerPassword ? { userPassword: options.userPassword, ownerPassword: options.ownerPassword, pdfVersion: '1.7' as const } : {};
  const doc = new PDFDocument({ autoFirstPage: false, compress: true, ...encryption });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const page of pages) {
    doc.addPage({ size: page.size ?? 'A4', margin: 0 });
    if (page.picture) {
      const jpeg = await sharp(page.picture).flatten({ background: '#ffffff' }).jpeg({ quality: 92 }).toBuffer();
      doc.image(jpeg, 20 * MM, 20 * MM, { width: (page.pictureWidthMm ?? 85.6) * MM });
    } else {
      // A plain mark (text could flow onto new pages of a narrow one).
      const [width, height] = page.size ?? [595.28, 841.89];
      doc.rect(width / 4, height / 4, width / 2, height / 2).fill('#336699');
    }
  }
  doc.end();
  return done;
}
