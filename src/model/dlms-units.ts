/**
 * DLMS/COSEM unit codes (as gateways send them: 30 Wh, 27 W, 13 m³, 35 V, 33 A) and the espi uom codes of
 * the model, both ways. One table for the HAN adapters and the K461 reader.
 */
const ESPI_BY_DLMS: Readonly<Record<number, number>> = { 30: 72, 27: 38, 13: 42, 35: 29, 33: 5 };
const DLMS_BY_ESPI: Readonly<Record<number, number>> = Object.fromEntries(Object.entries(ESPI_BY_DLMS).map(([dlms, espi]) => [espi, Number(dlms)]));

/** The espi uom of a DLMS unit; undefined when not known. */
export function espiUomOfDlmsUnit(unit: number): number | undefined {
  return ESPI_BY_DLMS[unit];
}

/** The DLMS unit of an espi uom; undefined when not known. */
export function dlmsUnitOfEspiUom(uom: number): number | undefined {
  return DLMS_BY_ESPI[uom];
}
