// The product behaviour plugged into an Inbox: who is told what (SPEC §6) and what staff messages do
// (SPEC §4). Both runtimes build their Inbox through here, so they behave the same.
import { createStaffChannel } from "../commands/staff-channel.js";
import type { Config } from "../config.js";
import { createCustomerNotifier } from "../inbox/customer-notices.js";
import type { InboxOptions } from "../inbox/options.js";
import type { Logger } from "../log.js";

export function inboxOptionsFrom(config: Config): InboxOptions {
  return {
    phoneNumberId: config.phoneNumberId,
    reopenWindowHours: config.reopenWindowHours,
    staffGroupId: config.staffGroupId,
    staffNotifyTemplate: config.staffNotifyTemplate,
  };
}

export function createInboxServices(config: Config, log: Logger) {
  const options = inboxOptionsFrom(config);
  return {
    options,
    notifier: createCustomerNotifier(options),
    staffChannel: createStaffChannel(options, log),
  };
}
