// Import deals from a CSV export, step by step: the file and where it comes from, the column of each field (the
// mapping saved for the source or read from the header, editable), the options, a preview of the first rows as
// mapped, a dry run with its counts and problems, then the import with its progress, its result and error report;
// and the imports run so far.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { listPipelines, findDefaultPipeline } from '../modules/pipeline/api/pipelines.api.ts';
import {
  getImport,
  importFieldLabels,
  listImports,
  problemsReportUrl,
  readColumns,
  startImport,
  type ColumnMapping,
  type ColumnsPreview,
  type ImportDetail,
  type ImportField,
  type ImportInput,
} from '../modules/imports/api/imports.api.ts';
import { ImportHistory } from '../modules/imports/components/import-history.tsx';
import { ImportProblems } from '../modules/imports/components/import-problems.tsx';
import { ErrorMessage, Section } from '../ui/feedback.tsx';
import { FormField } from '../ui/form-field.tsx';
import { Link } from '../ui/router.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { useResource } from '../ui/use-resource.ts';
import { useTitle } from '../ui/use-title.ts';

const fields = Object.keys(importFieldLabels) as ImportField[];

type DateOrder = '' | 'mdy' | 'dmy';

export function ImportPage() {
  useTitle('Import deals');
  const pipelines = useResource(() => listPipelines(), []);
  const history = usePagedList((cursor) => listImports(cursor), []);
  const [source, setSource] = useState('csv');
  const [file, setFile] = useState<{ name: string; csv: string; source: string } | null>(null);
  const [columns, setColumns] = useState<ColumnsPreview | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [dateOrder, setDateOrder] = useState<DateOrder>('');
  const [pipelineId, setPipelineId] = useState('');
  const [createAccounts, setCreateAccounts] = useState(true);
  const [wonDeals, setWonDeals] = useState<'handoff' | 'historical'>('handoff');
  const [check, setCheck] = useState<ImportDetail | null>(null);
  const [job, setJob] = useState<ImportDetail | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<'' | 'reading' | 'checking' | 'starting'>('');

  const defaultPipeline = pipelines.data ? findDefaultPipeline(pipelines.data) : undefined;
  useEffect(() => {
    if (!pipelineId && defaultPipeline) setPipelineId(defaultPipeline.id);
  }, [defaultPipeline, pipelineId]);

  const read = async (csv: string, name: string, from: string) => {
    setBusy('reading');
    setFailure(null);
    setCheck(null);
    setJob(null);
    try {
      const preview = await readColumns(csv, from.trim() || 'csv');
      setFile({ name, csv, source: from });
      setColumns(preview);
      setMapping(preview.suggested);
    } catch (error) {
      setColumns(null);
      setFailure(error);
    } finally {
      setBusy('');
    }
  };

  const chooseFile = async (chosen: File | undefined) => {
    if (!chosen) return;
    const text = await chosen.text();
    if (!text.trim()) {
      setColumns(null);
      setFailure(new Error(`${chosen.name} is empty: choose a CSV file with a header line and a row per deal.`));
      return;
    }
    await read(text, chosen.name, source);
  };

  const input = (): ImportInput => ({
    csv: file!.csv,
    fileName: file!.name,
    source: source.trim() || 'csv',
    mapping: Object.fromEntries(Object.entries(mapping).filter(([, column]) => column)) as ColumnMapping,
    ...(dateOrder && { dateOrder }),
    ...(pipelineId && { pipelineId }),
    createAccounts,
    wonDeals,
  });

  // Following a job (the dry run or the import): its progress every half second until it ends.
  const following = useRef<string | null>(null);
  useEffect(() => () => void (following.current = null), []);
  const follow = async (id: string, show: (detail: ImportDetail) => void) => {
    following.current = id;
    while (following.current === id) {
      try {
        const detail = await getImport(id);
        if (following.current !== id) return;
        show(detail);
        if (detail.status !== 'running') {
          following.current = null;
          void history.reload();
          return;
        }
      } catch (error) {
        setFailure(error);
        following.current = null;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  const start = async (dryRun: boolean) => {
    setBusy(dryRun ? 'checking' : 'starting');
    setFailure(null);
    if (dryRun) setJob(null);
    try {
      const record = await startImport(input(), { dryRun });
      const show = dryRun ? setCheck : setJob;
      show({ ...record, problems: [] });
      void history.reload();
      await follow(record.id, show);
    } catch (error) {
      if (dryRun) setCheck(null);
      setFailure(error);
    } finally {
      setBusy('');
    }
  };

  const dryRun = (event: FormEvent) => {
    event.preventDefault();
    void start(true);
  };

  const setColumn = (field: ImportField, column: string) => {
    setMapping((m) => ({ ...m, [field]: column || undefined }));
    setCheck(null);
  };

  const mappedFields = fields.filter((f) => mapping[f]);
  const previewRows = useMemo(
    () => (columns ? columns.preview.map((cells) => mappedFields.map((f) => cells[columns.header.indexOf(mapping[f]!)] ?? '')) : []),
    [columns, mapping, mappedFields],
  );
  const missing = [...(!mapping.name ? ['the deal name'] : []), ...(!mapping.account && !mapping.accountExternalId ? ['the account'] : [])];
  const running = job?.status === 'running' || check?.status === 'running';

  return (
    <main className="page page-wide">
      <div className="page-header">
        <div>
          <h1>Import deals</h1>
          <p className="muted small">
            From a CSV export of HubSpot, Pipedrive, Salesforce or a spreadsheet. Rows are matched by the source's deal ID (or by account and name), so
            importing the same file again changes nothing. <Link to="/deals">Back to the deals</Link>
          </p>
        </div>
      </div>

      <Section title="1. The file">
        <div className="form-row">
          <FormField id="import-source" label="Source" hint="The system the file comes from: its IDs and its saved column mapping." className="form-cell">
            <input
              id="import-source"
              className="input"
              value={source}
              maxLength={100}
              aria-describedby="import-source-hint"
              onChange={(e) => setSource(e.target.value)}
              // Another source may have a saved mapping: the file's columns are read again for it.
              onBlur={() => (file && file.source !== source ? void read(file.csv, file.name, source) : undefined)}
            />
          </FormField>
          <FormField id="import-file" label="CSV file" className="form-cell form-cell-grow">
            <input id="import-file" type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void chooseFile(e.target.files?.[0])} />
          </FormField>
        </div>
        {busy === 'reading' ? <p className="muted">Reading the columns…</p> : null}
        {!file && !failure ? <p className="muted">Choose a file: its columns and first rows are shown before anything is imported.</p> : null}
      </Section>

      {failure ? <ErrorMessage error={failure} /> : null}

      {columns && file ? (
        <form onSubmit={dryRun} noValidate data-testid="import-form">
          <Section title="2. Columns">
            <p className="muted small" data-testid="mapping-origin">
              {file.name}: {columns.rows} rows.{' '}
              {columns.suggestedFrom === 'saved'
                ? `The columns are mapped as in the last import from "${source}".`
                : "The columns are suggested from the file's header."}{' '}
              Check each field; leave one on “not imported” to skip it.
            </p>
            <div className="form-grid" data-testid="mapping">
              {fields.map((field) => (
                <FormField key={field} id={`map-${field}`} label={importFieldLabels[field]} className="form-cell">
                  <select id={`map-${field}`} className="input" value={mapping[field] ?? ''} onChange={(e) => setColumn(field, e.target.value)}>
                    <option value="">— not imported —</option>
                    {columns.header.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </FormField>
              ))}
            </div>
            {missing.length > 0 ? (
              <p className="error" role="alert">
                Choose the column of {missing.join(' and ')}: a deal cannot be imported without it.
              </p>
            ) : null}
          </Section>

          <Section title="3. Options">
            <div className="form-row">
              <FormField id="import-date-order" label="Dates like 03/04/2026" className="form-cell">
                <select id="import-date-order" className="input" value={dateOrder} onChange={(e) => setDateOrder(e.target.value as DateOrder)}>
                  <option value="">ISO or unambiguous only (report the others)</option>
                  <option value="mdy">US: month/day/year</option>
                  <option value="dmy">European: day/month/year</option>
                </select>
              </FormField>
              <FormField id="import-pipeline" label="Pipeline" className="form-cell">
                <select id="import-pipeline" className="input" value={pipelineId} onChange={(e) => setPipelineId(e.target.value)}>
                  {(pipelines.data ?? []).map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </FormField>
              <FormField id="import-accounts" label="Accounts not in Baton" className="form-cell">
                <select
                  id="import-accounts"
                  className="input"
                  value={createAccounts ? 'create' : 'report'}
                  onChange={(e) => setCreateAccounts(e.target.value === 'create')}
                >
                  <option value="create">Create them</option>
                  <option value="report">Report the row, create nothing</option>
                </select>
              </FormField>
              <FormField id="import-won" label="Won deals" className="form-cell">
                <select id="import-won" className="input" value={wonDeals} onChange={(e) => setWonDeals(e.target.value as 'handoff' | 'historical')}>
                  <option value="handoff">Run the handoff (project, brief, notifications)</option>
                  <option value="historical">Historical: record the win only, no automation</option>
                </select>
              </FormField>
            </div>
          </Section>

          <Section title="4. Preview">
            {previewRows.length === 0 ? (
              <p className="muted">The file has no rows after its header.</p>
            ) : (
              <div className="table-scroll">
                <table className="table" data-testid="import-preview">
                  <thead>
                    <tr>
                      {mappedFields.map((f) => (
                        <th key={f} scope="col">
                          {importFieldLabels[f]}
                          <div className="muted small">{mapping[f]}</div>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {previewRows.map((cells, i) => (
                      <tr key={i}>
                        {cells.map((c, j) => (
                          <td key={j}>{c}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div className="button-row">
              <button type="submit" className="button" disabled={!!busy || missing.length > 0 || running}>
                {busy === 'checking' ? 'Checking every row…' : 'Check every row (dry run)'}
              </button>
            </div>
          </Section>

          {check ? (
            <Section title="5. Dry run">
              {check.status !== 'done' ? <JobProgress job={check} testId="dry-run" /> : null}
              {check.status === 'done' ? (
                <>
                  <p data-testid="dry-run-counts">
                    {check.total} rows: {check.created} would be created, {check.updated} updated, {check.unchanged} unchanged, {check.failed} not imported.
                  </p>
                  <ImportProblems problems={check.problems} />
                  <div className="button-row">
                    <button type="button" className="button button-primary" disabled={!!busy || running} onClick={() => void start(false)}>
                      {busy === 'starting' ? 'Starting…' : `Import ${check.total - check.failed} rows`}
                    </button>
                  </div>
                </>
              ) : null}
            </Section>
          ) : null}
        </form>
      ) : null}

      {job ? (
        <Section title={job.status === 'running' ? 'Importing…' : 'Result'}>
          <JobProgress job={job} testId="import" />
          {job.status !== 'running' ? (
            <>
              <ImportProblems problems={job.problems} />
              {job.problems.length > 0 ? (
                <p>
                  <a href={problemsReportUrl(job.id)} download data-testid="download-report">
                    Download error report
                  </a>
                </p>
              ) : null}
            </>
          ) : null}
        </Section>
      ) : null}

      <Section title="Past imports">
        <ImportHistory list={history} />
      </Section>
    </main>
  );
}

/** A job's progress bar and state: rows read of the file's, then what it did, or why it stopped. */
function JobProgress({ job, testId }: { job: ImportDetail; testId: string }) {
  const percent = job.total > 0 ? Math.round((job.done / job.total) * 100) : 100;
  const would = job.dryRun ? 'would be ' : '';
  return (
    <>
      <progress
        className="progress"
        max={job.total || 1}
        value={job.done}
        aria-label={job.dryRun ? 'Dry run progress' : 'Import progress'}
        data-testid={`${testId}-progress`}
      />
      <p data-testid={`${testId}-status`}>
        {job.done} of {job.total} rows ({percent}%) —{' '}
        {job.status === 'running'
          ? job.dryRun
            ? 'checking'
            : 'importing'
          : job.status === 'done'
            ? `done: ${job.created} ${would}created, ${job.updated} ${would}updated, ${job.unchanged} unchanged, ${job.failed} not imported`
            : `${job.status}: ${job.error ?? ''}`}
      </p>
    </>
  );
}
