/**
 * Belgian eID card emulator for tests and the demo: a BELPIC applet (1.7 RSA / 1.8 ECC) behind a
 * vsmartcard vpcd virtual reader, with a run-time test PKI. See README.md.
 */
export { VirtualBeidCard, type VirtualCardOptions } from './virtual-card';
export { buildCardProfile, withIdentityFileLength, identityFileLength, type BuildCardProfileOptions } from './identity-builder';
export { createTestPki, type TestPki, type TestPkiHierarchy } from './test-pki';
export { DEMO_IDENTITIES, DEMO_IDENTITY_KEYS, isDemoIdentityKey, type DemoIdentityKey } from './demo-identities';
export {
  CARD_DEFECTS,
  ATR_APPLET_17,
  ATR_APPLET_18,
  ATR_FOREIGN_IDPRIME,
  BELPIC_AID,
  type AppletGeneration,
  type BeidFiles,
  type CardDefect,
  type CardholderAddress,
  type CardholderIdentity,
  type CardProfile,
  type ForeignerMentions,
  type RrnSigner,
} from './card-profile';
export { BeidApplet } from './beid-applet';
export { createPlaceholderPhoto } from './placeholder-photo';
export { makeNationalNumber, withCardNumberCheck } from './belgian-numbers';

/** vpcd ports: "Virtual PCD 00 00" for the demo, "Virtual PCD 00 01" for automated tests. */
export const VPCD_PORTS = { demo: 35963, test: 35964 } as const;
export const VPCD_READER_NAMES = { demo: 'Virtual PCD 00 00', test: 'Virtual PCD 00 01' } as const;
export { reserveVpcdReader, vpcdLockPath } from './vpcd-lock';
export { CardSlot, type CardSlotStatus } from './card-slot';
export {
  startCardControlServer,
  parseVirtualCardChoice,
  PICKABLE_DEFECTS,
  type CardControlServer,
  type VirtualCardChoice,
  type VirtualCardState,
} from './control-server';
