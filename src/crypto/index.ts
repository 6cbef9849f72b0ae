/**
 * Public surface of the crypto engine (certificates, chains, CMS, per-reading signatures).
 * Heavy work runs in the worker pool; nothing here imports Electron.
 */
export { verifyDocument, toSummary, hasFindings, verdictName, VERDICT_CODES } from './verify-document';
export type { DocumentVerification, VerificationSummary, InvalidReading, InvalidReason, Verdict, VerifyDocumentOptions, MeterReadingVerdicts } from './verify-document';
export { verifyCms, extractCmsContent } from './cms/cms';
export type { CmsVerification, CmsSignerResult } from './cms/cms';
export { Certificate } from './certificates/certificate';
export type { CertificateDetails } from './certificates/certificate';
export { parseCertContent } from './certificates/cert-content';
export { validateChain, statusAt, chainToJson } from './chain/validate-chain';
export type { ChainStatus, ChainResult, ChainJson } from './chain/validate-chain';
export { bundledTestAnchors, loadTrustAnchorFile, trustAnchorsFromBytes } from './chain/trust-anchors';
export type { TrustAnchor } from './chain/trust-anchors';
export { readPkcs12 } from './pki/pkcs12';
export { selectSignedMessageFormat, signedMessageFormat, trudiSimMessage, TRUDI_SIM_FORMAT_ID } from './signatures/message-formats';
export { verifyWithNoble, verifyWithOpenssl } from './signatures/ecdsa';
export { MemoryVerificationCache, FileVerificationCache, LayeredVerificationCache } from './cache/verification-cache';
export { fileVerificationCache } from './cache/verification-codec';
export { VerifyPool, sharedVerifyPool, closeSharedVerifyPool } from './workers/verify-pool';
export { CURVES, PKI_CURVES, curveByName } from './curves';
