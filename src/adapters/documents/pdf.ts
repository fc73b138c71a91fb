// A document's PDF, made in process with pdfkit: the workspace's name and the title in the header of every page,
// "Page n of m" in the footer, headings, paragraphs, lists and tables with a header row.
import PDFDocument from 'pdfkit';
import type { Block } from '../../domain/document-markup.ts';

const margin = 56;
const fontSizes = { 1: 20, 2: 14, 3: 12 } as const;

export async function renderPdf(input: { title: string; workspaceName: string; blocks: readonly Block[]; createdAt?: Date }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: margin + 20, bottom: margin + 10, left: margin, right: margin },
    bufferPages: true,
    info: { Title: input.title, Author: input.workspaceName, Creator: 'Baton', CreationDate: input.createdAt ?? new Date() },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - margin * 2;

  for (const block of input.blocks) {
    switch (block.type) {
      case 'heading':
        doc.moveDown(block.level === 1 ? 0 : 0.6);
        doc.font('Helvetica-Bold').fontSize(fontSizes[block.level]).text(block.text, { width });
        doc.moveDown(0.3);
        break;
      case 'paragraph':
        doc.font('Helvetica').fontSize(10).text(block.text, { width, align: 'left' });
        doc.moveDown(0.5);
        break;
      case 'list':
        doc.font('Helvetica').fontSize(10).list(block.items, { width, bulletRadius: 1.5, textIndent: 10 });
        doc.moveDown(0.5);
        break;
      case 'table':
        drawTable(doc, block.header, block.rows, width);
        doc.moveDown(0.5);
        break;
    }
  }

  // Header and footer once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#555555');
    doc.text(`${input.workspaceName} · ${input.title}`, margin, margin / 2, { width, lineBreak: false });
    doc.text(`Page ${i + 1} of ${range.count}`, margin, doc.page.height - margin / 2 - 8, { width, align: 'right', lineBreak: false });
    doc.fillColor('#000000');
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, header: string[], rows: string[][], width: number): void {
  const columns = Math.max(header.length, ...rows.map((r) => r.length), 1);
  const colWidth = width / columns;
  const padding = 4;
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const height = Math.max(...Array.from({ length: columns }, (_, i) => doc.heightOfString(cells[i] ?? '', { width: colWidth - padding * 2 }))) + padding * 2;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!bold) drawRow(header, true);
    }
    const top = doc.y;
    if (bold) doc.rect(margin, top, width, height).fill('#eeeeee').fillColor('#000000');
    for (let i = 0; i < columns; i++) {
      doc.text(cells[i] ?? '', margin + i * colWidth + padding, top + padding, { width: colWidth - padding * 2 });
    }
    doc
      .moveTo(margin, top + height)
      .lineTo(margin + width, top + height)
      .strokeColor('#bbbbbb')
      .lineWidth(0.5)
      .stroke();
    doc.x = margin;
    doc.y = top + height;
  };
  drawRow(header, true);
  for (const row of rows) drawRow(row, false);
}
