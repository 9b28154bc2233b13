import {
  DOMAIN_EVENTS,
  type Logger,
  type Mailer,
  type MailMessage,
  silentLogger,
  type TransactionRepositories,
  type UnitOfWork,
} from '@truss/core';
import { z } from 'zod';
import { applyOnce, payloadOf } from './apply-once.js';
import { orderConfirmationMail, shippingNoticeMail, welcomeMail } from './mail-messages.js';
import type { Consumer, DeliveredEvent } from './types.js';

/**
 * What {@link createEmailConsumer} needs.
 *
 * @example
 * ```ts
 * const deps: EmailConsumerDeps = { unitOfWork: repositories.unitOfWork, mailer: createFileMailer({ dir: '.data/mail' }) };
 * ```
 */
export interface EmailConsumerDeps {
  unitOfWork: UnitOfWork;
  mailer: Mailer;
  logger?: Logger;
}

const userCreated = z.object({ id: z.uuid() });
const orderCreated = z.object({ id: z.uuid() });
// The tracking number is read from the payload when it carries one, else from the order.
const orderShipped = z.object({ id: z.uuid(), trackingNumber: z.string().min(1).max(100).optional() });

type Compose = (repositories: TransactionRepositories) => Promise<MailMessage | null>;

function welcome(event: DeliveredEvent): Compose {
  const { id } = payloadOf(event, userCreated);
  return async ({ users }) => {
    const user = await users.findById(id);
    return user ? welcomeMail(user) : null;
  };
}

function confirmation(event: DeliveredEvent): Compose {
  const { id } = payloadOf(event, orderCreated);
  return async ({ orders, users, products }) => {
    const order = await orders.findById(id);
    const user = order ? await users.findById(order.userId) : null;
    if (!order || !user) return null;
    const lines = [];
    for (const item of order.items) {
      const product = await products.findById(item.productId);
      lines.push({
        name: product?.name ?? `Product ${item.productId}`,
        quantity: item.quantity,
        unitPrice: item.unitPrice,
      });
    }
    return orderConfirmationMail(user, { id: order.id, lines, total: order.total });
  };
}

function shipped(event: DeliveredEvent): Compose {
  const { id, trackingNumber } = payloadOf(event, orderShipped);
  return async ({ orders, users }) => {
    const order = await orders.findById(id);
    const user = order ? await users.findById(order.userId) : null;
    const tracking = trackingNumber ?? order?.trackingNumber;
    return order && user && tracking
      ? shippingNoticeMail(user, { id: order.id, trackingNumber: tracking })
      : null;
  };
}

const COMPOSERS: Readonly<Record<string, (event: DeliveredEvent) => Compose>> = {
  [DOMAIN_EVENTS.userCreated]: welcome,
  [DOMAIN_EVENTS.orderCreated]: confirmation,
  [DOMAIN_EVENTS.orderShipped]: shipped,
};

/**
 * The `email` consumer: a welcome mail on `user.created`, an order confirmation (items with product
 * names, quantities, unit prices, the total) on `order.created`, a shipping notice with the
 * tracking number on `order.shipped`. Recipients and orders are read from the database by id (the
 * payloads need no personal data). Each event is recorded (`email`, event id) in a transaction that
 * commits only after the mailer accepted the message: a redelivery sends nothing, a failed send is
 * retried, and a crash between sending and the commit sends the mail again (at least once). A user
 * or order that no longer exists is skipped with a warning.
 *
 * @example
 * ```ts
 * const email = createEmailConsumer({ unitOfWork, mailer: createFileMailer({ dir: '.data/mail' }), logger });
 * await email.handle(event);
 * ```
 */
export function createEmailConsumer(deps: EmailConsumerDeps): Consumer {
  const logger = deps.logger ?? silentLogger;
  const name = 'email';
  return {
    name,
    topics: Object.keys(COMPOSERS),
    async handle(event) {
      const composer = COMPOSERS[event.topic];
      if (!composer) return;
      const compose = composer(event);
      await applyOnce(deps.unitOfWork, name, event, async (repositories) => {
        const message = await compose(repositories);
        if (!message) {
          logger.warn(
            { eventId: event.id, topic: event.topic },
            'email: user or order not found, no mail sent',
          );
          return;
        }
        await deps.mailer.send({
          ...message,
          headers: { 'X-Truss-Event': event.topic, 'X-Truss-Event-Id': event.id },
        });
      });
    },
  };
}
