import { EXTRACT_MODES } from '../contract/vocabulary';
import { EXTRACT_LABEL } from './format';
import { LocaleThresholdFields } from './LocaleThreshold';
import type { Defaults } from './settings-keys';

export type SetBatchOption = <K extends keyof Defaults>(k: K, v: Defaults[K]) => void;

/**
 * The options a batch runs with, as one form: in Settings (the defaults every new batch starts from) and on New batch
 * (this batch's own). One component, so the two screens cannot drift apart in wording, limits or parsing.
 * `llmFields`: Settings always shows the model's fields (they are defaults for later); New batch only when this
 * batch uses a model.
 */
export function BatchOptionFields({ value, set, llmFields }: { value: Defaults; set: SetBatchOption; llmFields: 'always' | 'when-used' }) {
  const showLlm = llmFields === 'always' || value.extract !== 'rules';
  return (
    <div className="form-grid">
      <label>
        Workers
        <input
          type="number"
          min={1}
          max={64}
          value={value.workers}
          onChange={(e) => set('workers', Math.max(1, Number(e.target.value) || 1))}
        />
      </label>
      <label>
        OCR language
        <input value={value.ocrLang} onChange={(e) => set('ocrLang', e.target.value)} />
      </label>
      <LocaleThresholdFields
        locale={value.locale}
        threshold={value.reviewThreshold}
        onChange={(p) => {
          if (p.locale !== undefined) set('locale', p.locale);
          if (p.threshold !== undefined) set('reviewThreshold', p.threshold);
        }}
      />
      <label className="wide">
        Extraction
        <select aria-label="Extraction mode" value={value.extract} onChange={(e) => set('extract', e.target.value as Defaults['extract'])}>
          {EXTRACT_MODES.map((m) => (
            <option key={m} value={m}>
              {EXTRACT_LABEL[m]}
            </option>
          ))}
        </select>
      </label>
      {showLlm ? (
        <>
          <label className="wide">
            LLM base URL
            <input value={value.llmBaseUrl} onChange={(e) => set('llmBaseUrl', e.target.value)} />
          </label>
          <label>
            Model
            <input value={value.llmModel} onChange={(e) => set('llmModel', e.target.value)} />
          </label>
          <label>
            Budget per batch (USD)
            <input
              type="number"
              min={0}
              step="0.01"
              placeholder="no limit"
              value={value.budgetUsd ?? ''}
              onChange={(e) => set('budgetUsd', e.target.value === '' ? null : Math.max(0, Number(e.target.value)))}
            />
          </label>
        </>
      ) : null}
    </div>
  );
}
