import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Document } from './document.entity';

export const DOCUMENT_CONTENT_TYPES = ['image/jpeg', 'image/png'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** One page (one image) of a document, as uploaded. */
@Entity('document_page')
@Index('UQ_document_page_number', ['documentId', 'pageNumber'], { unique: true })
@Check('CHK_document_page_content_type', `"content_type" IN ('image/jpeg', 'image/png')`)
export class DocumentPage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne(() => Document, (document) => document.pages, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'FK_document_page_document' })
  document?: Relation<Document>;

  @Column({ name: 'page_number', type: 'smallint' })
  pageNumber: number;

  /** Sniffed from the bytes, never taken from the file name or the browser. */
  @Column({ name: 'content_type', type: 'varchar', length: 30 })
  contentType: DocumentContentType;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  @Column({ type: 'bytea' })
  content: Buffer;
}
