// Where the keys users paste are kept (an example: a real backend stores them encrypted).
export interface Account {
  id: string;
  restrictedKey: string;
  webhookSecret: string;
}
