// What an Inbox needs to know about its deployment, taken from Config by the runtime.
export type InboxOptions = {
  phoneNumberId: string;
  reopenWindowHours: number;
  staffGroupId: string | null;
  staffNotifyTemplate: string | null;
  /** WHATSAPP_BUSINESS_ACCOUNT_ID: without it /templates says how to set it and /template is unchecked. */
  businessAccountId?: string | null;
};
