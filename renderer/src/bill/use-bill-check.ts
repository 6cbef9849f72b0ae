/**
 * The bill check's state and engine calls: per read-out the supplier's tariff file and the check's result,
 * the prices (and VAT rate) and billed values the user typed, and whether the shown cost still belongs to the prices
 * entered. The engine checks, recomputes and prices; "Save the report as PDF" has it write the PDF/A-3 report.
 */
import { computed, reactive, ref, shallowRef } from 'vue';
import type { Ref } from 'vue';
import type { BillCheckResult, ReadoutSummary } from '../../../src/api/dto';
import { useApi } from '../api';
import { useOperation } from '../api/use-operation';
import { base64ToBytes, bytesToBase64, downloadBytes, readPickedFile } from '../files';
import { useLocaleText } from '../i18n/use-locale';
import { billedValues, enteredPrices, pricesKey } from './entered';

interface SupplierFile {
  name: string;
  contentBase64: string;
}

export function useBillCheck(current: Readonly<Ref<ReadoutSummary | null>>) {
  const { t, appLocale, count } = useLocaleText();
  const api = useApi();
  const operation = useOperation();

  /** Results per read-out, so switching read-outs keeps each one's check. */
  const results = shallowRef(new Map<string, BillCheckResult>());
  const result = computed(() => (current.value ? results.value.get(current.value.readoutId) ?? null : null));
  /** The tariff file each read-out was checked with, for the next check and the PDF report. */
  const suppliers = new Map<string, SupplierFile>();
  /** Values the user typed from the bill, by register OBIS (kWh as written on the bill). */
  const billed = ref<Record<string, string>>({});
  /** Prices the user typed per register OBIS (EUR per kWh) and the yearly base price. */
  const prices = ref<Record<string, string>>({});
  const basePrice = ref('');
  /** VAT in percent: with a rate the prices are net and the engine adds the VAT on the total. */
  const vatPercent = ref('');
  /** The prices each read-out's shown cost was computed with: a cost for other prices is not shown. */
  const pricedWith = reactive<Record<string, string>>({});
  const generatedAt = ref('');
  const savedMessage = ref('');

  const entered = () => enteredPrices(prices.value, basePrice.value, vatPercent.value);
  const cost = computed(() => result.value?.cost);
  /** The prices were changed after the cost was computed: the total is withheld until it is computed again. */
  const costStale = computed(() => !!cost.value && !!current.value && pricedWith[current.value.readoutId] !== pricesKey(entered()));

  async function check(readoutId: string, supplier: SupplierFile): Promise<void> {
    savedMessage.value = '';
    const priced = entered();
    await operation.run(
      (operationId) => api.checkBill({ readoutId, supplier, operationId, ...(priced ? { prices: priced } : {}) }),
      (checked) => {
        const next = new Map(results.value);
        next.set(readoutId, Object.freeze(checked));
        pricedWith[readoutId] = pricesKey(priced);
        results.value = next;
        generatedAt.value = new Date().toISOString();
      },
    );
  }

  /** Checks the current read-out's bill with the supplier's tariff file the user picked. */
  async function checkWithFile(file: File): Promise<void> {
    const summary = current.value;
    if (!summary) return;
    const picked = await readPickedFile(file);
    const supplier = { name: picked.name, contentBase64: bytesToBase64(picked.bytes) };
    suppliers.set(summary.readoutId, supplier);
    await check(summary.readoutId, supplier);
  }

  /** Prices the registers: the same check again with the prices (the engine computes the money). */
  async function computeCost(): Promise<void> {
    const summary = current.value;
    const supplier = summary ? suppliers.get(summary.readoutId) : undefined;
    if (!summary || !supplier) return;
    await check(summary.readoutId, supplier);
  }

  async function saveReport(): Promise<void> {
    const summary = current.value;
    const supplier = summary ? suppliers.get(summary.readoutId) : undefined;
    if (!summary || !supplier) return;
    const values = billedValues(billed.value);
    savedMessage.value = '';
    const priced = entered();
    await operation.run(
      (operationId) => api.createReport({ readoutId: summary.readoutId, supplier, billed: values, lang: appLocale.value, operationId, ...(priced ? { prices: priced } : {}) }),
      (file) => {
        downloadBytes(file.fileName, file.mimeType, base64ToBytes(file.contentBase64));
        savedMessage.value = t('bill.reportSaved', { file: file.fileName, pages: count('pages', file.pages) });
      },
    );
  }

  function print(): void {
    generatedAt.value = new Date().toISOString();
    window.print();
  }

  return { ...operation, result, cost, costStale, billed, prices, basePrice, vatPercent, generatedAt, savedMessage, checkWithFile, computeCost, saveReport, print };
}
