/**
 * The site file (`sites/<site>.yml`), defined once. From this definition come the TypeScript type of
 * the file as written (SiteFile), sites/schema.json for editors (`npm run generate:schema`), the
 * structural validation (ajv, in validate.ts) and the defaults the loader fills in.
 *
 * Besides the JSON Schema keywords, nodes carry what the loader needs for plain-words messages:
 * `examples` (the first one completes "must be … like …" and "add …"), `title` (what a list holds
 * or what a map is), `patternErrorMessage` (what a value that does not match must be; editors show
 * it too) and `format` (which hand-written check in checks.ts also applies to the value).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { SELECTOR, SELECTOR_WORDS } from '../browser/locate.ts';
import { CHECKOUT_COUPON_STEPS, PRESET_NAMES } from '../browser/presets.ts';

/** The moments of a campaign's window a dry-run can look at (`dry_run.moments`; src/dryrun/moments.ts). */
export const MOMENT_LABELS = Object.freeze(['before-start', 'start', 'end'] as const);

type Options = Record<string, unknown>;

/** Text that may not be empty. */
const Text = (description: string, example: string, o: Options = {}) =>
  Type.String({ description, examples: [example], pattern: '\\S', patternErrorMessage: 'must not be empty', ...o });

/** Text with a shape: `must` says what it must be when it does not match. */
const Shaped = (description: string, pattern: string, must: string, example: string, o: Options = {}) =>
  Type.String({ description, pattern, patternErrorMessage: must, examples: [example], ...o });

/** A map whose keys match `keyPattern` (SKUs, audit ids); `keyMessage` says what a key that does not is. */
const Keyed = <V extends TSchema>(keyPattern: string, keyMessage: string, value: V, o: Options) =>
  Type.Record(Type.String({ pattern: keyPattern }), value, {
    propertyNames: { pattern: keyPattern, patternErrorMessage: keyMessage },
    additionalProperties: false,
    ...o,
  });

/** One of a few words. */
const Words = <T extends string>(words: readonly T[], o: Options) => Type.Unsafe<T>({ type: 'string', enum: [...words], ...o });

const ENV_NAME = '^[A-Z_][A-Z0-9_]*$';
const EMAIL = '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';

/** The NAME of the environment variable holding a key, never the key itself. */
const KeyEnv = (description: string, example: string) =>
  Shaped(
    description,
    ENV_NAME,
    `must be the NAME of an environment variable, in capitals and underscores like ${example}, never the key itself — set the key in that variable and write its name here`,
    example,
  );

const Day = (example: string) =>
  Shaped('A day, YYYY-MM-DD.', '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', `must be a date like ${example}`, example, { title: 'date', format: 'date' });

const LocalDateTime = (example: string) =>
  Shaped('A local date and time without offset, YYYY-MM-DDTHH:MM.', '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$', `must be a date and time like ${example}`, example, {
    title: 'date',
    format: 'local-date-time',
  });

/** A selector (src/browser/locate.ts parses it when the file loads: `format: 'selector'`); the preset gives it when left out. */
const Selector = (description: string, example: string) =>
  Shaped(`${description} Default: the storefront preset's.`, SELECTOR.source, `${SELECTOR_WORDS}, like ${example}`, example, { format: 'selector' });

const Target = (description: string, kind: 'staging' | 'production') =>
  Type.Object(
    {
      url: Shaped(
        'Address of the storefront, starting with http:// or https://. The API is at <url>/api.',
        '^https?://[^\\s@/]+(/\\S*)?$',
        'must be a web address starting with http:// or https://',
        `https://${kind}.example.com`,
        { format: 'web-url' },
      ),
      api_key_env: KeyEnv(
        'NAME of the environment variable that holds the admin API key, e.g. ACME_STAGING_API_KEY. Never put the key itself in this file.',
        `ACME_${kind.toUpperCase()}_API_KEY`,
      ),
      sandbox: Type.Optional(
        Type.Boolean({
          description: 'true only for the embedded sandbox store in sandbox/: the harness may start it when it is not running and read its API key from it. Default false.',
          default: false,
        }),
      ),
      clock_secret_env: Type.Optional(
        Shaped(
          "Staging only. NAME of the environment variable holding the secret of the store's signed clock (the solidus_holiday_ready extension), so that campaigns are dry-run at their own moments. With sandbox: true it is read from the sandbox when the variable is not set.",
          ENV_NAME,
          'must be the NAME of an environment variable, in capitals and underscores like ACME_STAGING_CLOCK_SECRET — the value written here is not (it is not shown, in case it is the secret itself)',
          'ACME_STAGING_CLOCK_SECRET',
        ),
      ),
    },
    { title: 'store', description, additionalProperties: false },
  );

const Person = (description: string, example: Record<string, string>) =>
  Type.Object(
    {
      name: Text('Full name.', 'Dana Whitfield'),
      slack: Type.Optional(Shaped("Slack handle, in quotes because @ cannot start a YAML value: '@dana'.", '^@\\S+$', "must look like '@dana' (with @, in quotes)", '@dana')),
      phone: Type.Optional(Shaped("Phone number, in quotes, with country code: '+1 555 010 0199'.", '^\\+?[0-9][0-9 ().-]{5,}$', "must look like '+1 555 010 0199' (in quotes)", '+1 555 010 0199')),
      email: Type.Optional(Shaped('Email address.', EMAIL, 'must look like dana@example.com', 'dana@example.com')),
    },
    { title: 'person', description, examples: [example], additionalProperties: false },
  );

/** How much off: "N% off", "$N off" or "none" (discount.ts in src/dryrun/expect.ts reads it). */
const AMOUNT = '(none|[0-9]+(\\.[0-9]+)?% off|\\$[0-9]+(\\.[0-9]{1,2})? off)';
const AMOUNT_WORDS = '"N% off" (1 to 100), "$N off" or "none" ("at least 20% off" when more is fine)';

const Discount = (description: string, example = '50% off') =>
  Shaped(description, `^(at least )?${AMOUNT}$`, `must be ${AMOUNT_WORDS}`, example, {
    format: 'discount',
  });
export const SEVERITIES = ['off', 'warn', 'error'] as const;
/** An audit id: the file name of the audit, lower-case words joined by dashes. */
export const AUDIT_ID = '^[a-z][a-z0-9-]*$';
const Severity = Words(SEVERITIES, { description: 'off: skip the audit; warn: print findings but pass; error: findings fail the run.' });

const Rule = Type.Union(
  [
    Severity,
    Type.Unsafe<[Static<typeof Severity>] | [Static<typeof Severity>, Record<string, unknown>]>({
      type: 'array',
      title: 'level and options',
      items: [
        Severity,
        {
          type: 'object',
          title: "the audit's options",
          description: 'Options for this audit; which ones exist depends on the audit, so they are checked by the audit itself.',
          examples: [{ min_on_hand: 20 }],
        },
      ],
      additionalItems: false,
      minItems: 1,
      maxItems: 2,
      examples: [['error', { min_on_hand: 20 }]],
    }),
  ],
  { description: 'off | warn | error, or [level, { options }] to pass options to the audit.', examples: ['warn'] },
);

const Expectation = Type.Object(
  {
    items: Type.Optional(
      Type.Union(
        [
          Discount('Discount booked on the items (every promotion\'s): "50% off", "$10 off", "at least 20% off" or "none".'),
          Keyed('^\\S+$', 'is not a SKU of the cart — write SKU: discount, like JKT-001: 20% off', Discount('Discount on this SKU\'s line, worked out from its price in the store.', '20% off'), {
            title: 'SKU: discount pairs',
            description: 'Per item: SKU: discount, e.g. { JKT-001: 20% off }; each worked out from that line\'s price in the store.',
            minProperties: 1,
            examples: [{ 'JKT-001': '20% off' }],
          }),
        ],
        { description: 'Discount booked on the items: one for all of them ("50% off"), or per SKU ({ JKT-001: 20% off }).', examples: ['50% off'] },
      ),
    ),
    order: Type.Optional(Discount('Discount booked on the whole order: "50% off", "$10 off", "at least $10 off" or "none".', '$10 off')),
    discount: Type.Optional(
      Discount('Everything the customer gets off, wherever the store books it (items, order or both): "$60 off", "at least 20% off" or "none". Percentages are of the item total.', '$60 off'),
    ),
    taxon: Type.Optional(
      Shaped(
        'Discount on the cart\'s items of one taxon (category), by its name, worked out from their prices in the store: "Outerwear 20% off", "Outerwear at least $10 off".',
        `^\\S(.*\\S)? (at least )?${AMOUNT}$`,
        `must be a taxon name and a discount, like Outerwear 20% off (the discount ${AMOUNT_WORDS})`,
        'Outerwear 20% off',
        { format: 'taxon-discount' },
      ),
    ),
    total: Type.Optional(
      Shaped('What the customer pays, shipping and tax included: "$60", "at most $60" (a ceiling) or "at least $10" (a floor).', '^(at (most|least) )?\\$[0-9]+(\\.[0-9]{1,2})?$', 'must be an amount like $60, at most $60 or at least $10', '$60', { format: 'total' }),
    ),
    shipping: Type.Optional(Words(['free', 'paid'], { description: 'Whether shipping should be free or paid.' })),
    code: Type.Optional(
      Shaped(
        'accepted (the default) or rejected: whether the store should accept the coupon code; or what the code itself gives, from its own promotion\'s adjustments only: "50% off items", "$10 off the order", "at least $10 off" (items and order). Not for automatic promotions.',
        `^(accepted|rejected|(at least )?${AMOUNT}( (items|the order))?)$`,
        `must be accepted, rejected, or what the code itself gives, like 50% off items or $10 off the order (${AMOUNT_WORDS})`,
        'accepted',
        { examples: ['accepted', 'rejected', '50% off items'], format: 'discount' },
      ),
    ),
  },
  {
    description: 'What the customer should get. Write at least one of items, order, discount, taxon, total, shipping, code.',
    examples: [{ items: '50% off' }],
    minProperties: 1,
    additionalProperties: false,
  },
);

const CART_EXAMPLE = { items: { 'JKT-001': 1 }, expect: { items: '50% off' } };

/** The checkout steps a code can be entered at (`steps: - { code: …, at: … }`; src/dryrun/steps.ts). */
export const CODE_STEPS = Object.freeze(['cart', 'delivery', 'payment'] as const);

/** Who fills the cart (src/dryrun/customers.ts). */
const Customer = Type.Union(
  [
    Words(['guest'], { description: 'guest: a new customer with no account and no orders (the default).' }),
    Type.Object(
      {
        returning: Type.Optional(
          Shaped(
            "A returning customer: the e-mail of a customer who has completed orders on staging. The cart is a guest checkout with this e-mail, as a customer who does not sign in; rules like 'first order' look at the orders of this e-mail.",
            EMAIL,
            'must be an e-mail address like jo@example.com, of a customer with completed orders on staging',
            'returning@example.com',
          ),
        ),
        user_key_env: Type.Optional(
          KeyEnv(
            "A registered test user, signed in: the NAME of the environment variable holding that user's API key (the user's own key, never an admin's), so the cart is the user's own, as rules like 'one use per customer' or 'members only' see it. Never put the key itself in this file.",
            'ACME_MEMBER_API_KEY',
          ),
        ),
      },
      {
        title: 'customer',
        description: 'A returning customer ({ returning: e-mail }) or a registered test user ({ user_key_env: NAME }): one of the two.',
        examples: [{ returning: 'returning@example.com' }],
        minProperties: 1,
        additionalProperties: false,
      },
    ),
  ],
  {
    description:
      'Who fills the cart: guest (the default, a new customer), { returning: e-mail } (a customer with completed orders on staging, checking out as a guest with that e-mail) or { user_key_env: NAME } (a registered test user, signed in by the API key in the variable NAME).',
    examples: ['guest', { returning: 'returning@example.com' }, { user_key_env: 'ACME_MEMBER_API_KEY' }],
  },
);

const SkuQuantities = (description: string, example: Record<string, number>) =>
  Keyed('^\\S+$', 'is not a SKU — write SKU: quantity, like JKT-001: 1', Type.Integer({ description: 'Quantity of this SKU (a whole number, 1 or more).', minimum: 1, examples: [1] }), {
    description,
    title: 'SKU: quantity pairs',
    minProperties: 1,
    examples: [example],
  });

/** One thing the customer does to the cart after it is built (exactly one of add, remove, quantity, code; checks.ts). */
const Step = Type.Object(
  {
    add: Type.Optional(SkuQuantities('Put more in the cart: SKU: quantity (added to what is there).', { 'ACC-001': 1 })),
    remove: Type.Optional(Shaped('Take this SKU out of the cart (every unit of it).', '^\\S+$', 'must be one SKU, like ACC-001', 'ACC-001')),
    quantity: Type.Optional(SkuQuantities('Change the quantity of a SKU already in the cart to this number.', { 'JKT-001': 2 })),
    code: Type.Optional(
      Shaped('Enter this coupon code (the campaign\'s own again, or another one).', '^\\S+$', 'must be one word without spaces, as customers type it', 'BLACKFRIDAY50'),
    ),
    at: Type.Optional(
      Words(CODE_STEPS, {
        description: 'With code: the checkout step the code is entered at: cart (the default), delivery or payment. The checkout goes on to that step first.',
        default: 'cart',
      }),
    ),
  },
  {
    title: 'step',
    description: 'One thing the customer does after the cart is built: { add: { SKU: n } }, { remove: SKU }, { quantity: { SKU: n } } or { code: CODE, at: cart | delivery | payment }.',
    examples: [{ add: { 'ACC-001': 1 } }, { remove: 'ACC-001' }, { quantity: { 'JKT-001': 2 } }, { code: 'BLACKFRIDAY50', at: 'payment' }],
    minProperties: 1,
    additionalProperties: false,
  },
);

const Cart = Type.Object(
  {
    name: Type.Optional(Text('Short label used in reports, e.g. "$120 jacket". Defaults to the items, e.g. "JKT-001 ×1".', '$120 jacket')),
    items: SkuQuantities('What goes in the cart: SKU: quantity, e.g. { JKT-001: 1, ACC-001: 2 }.', { 'JKT-001': 1 }),
    customer: Type.Optional(Customer),
    steps: Type.Optional(
      Type.Array(Step, {
        title: 'steps',
        description:
          "What the customer does after the cart is built (its items, then the campaign's code), in order. What the customer sees is recorded after each step; the expectation is judged at the payment step after the last one.",
        minItems: 1,
      }),
    ),
    expect: Expectation,
  },
  { title: 'cart', description: 'A cart to try, and what the customer should get.', examples: [CART_EXAMPLE], additionalProperties: false },
);

const Campaign = Type.Object(
  {
    name: Text('Name of the promotion as it is set up in the store\'s admin. Must be unique in this file.', 'Black Friday 50% off'),
    code: Shaped('The coupon code customers type, or `automatic` for a promotion that applies without a code.', '^\\S+$', 'must be one word without spaces, as customers type it', 'BLACKFRIDAY50', {
      examples: ['BLACKFRIDAY50', 'automatic'],
    }),
    secret: Type.Optional(Type.Boolean({ description: 'true if the code must never appear in logs or reports (e.g. an employee code). Default false.', default: false })),
    window: Type.Optional(
      Type.Tuple([LocalDateTime('2026-11-27T00:00'), LocalDateTime('2026-11-30T23:59')], {
        description: 'When the promotion runs: [start, end], local times in the holiday time zone, like [2026-11-27T00:00, 2026-11-30T23:59]. Leave out for an always-on promotion.',
        examples: [['2026-11-27T00:00', '2026-11-30T23:59']],
      }),
    ),
    expected_redemptions: Type.Optional(
      Type.Integer({ description: 'How many orders are expected to use the promotion; used to size stock and load audits.', minimum: 1, examples: [40000] }),
    ),
    carts: Type.Array(Cart, { description: 'Example carts to try, each with what the customer should get.', minItems: 1 }),
  },
  { title: 'campaign', description: 'One planned promotion.', additionalProperties: false },
);

/** The site file as written. */
export const SiteFileSchema = Type.Object(
  {
    site: Shaped(
      'Short id of the site, the same as the file name without .yml (sites/acme.yml has `site: acme`). Lower-case letters, digits and dashes. Reports go to reports/<site>/.',
      '^[a-z0-9][a-z0-9-]*$',
      'must be lower-case letters, digits and dashes, like acme',
      'acme',
    ),
    name: Text("The store's name as people say it, shown at the top of every report.", 'Acme Outfitters'),
    currency: Shaped('ISO 4217 code of the store currency (three capital letters).', '^[A-Z]{3}$', 'must be a three-letter currency code like USD', 'USD', { format: 'currency' }),
    staging: Target('The staging store. Dry-runs create (and then empty) carts here, never on production.', 'staging'),
    production: Type.Optional(Target('The live store. Optional; only read (never written to) by the schedule audits.', 'production')),
    holiday: Type.Object(
      {
        name: Text('Name of the holiday, used in report titles.', 'Thanksgiving'),
        offices_closed: Type.Tuple([Day('2026-11-26'), Day('2026-11-29')], {
          description: 'First and last day the offices are closed, as [YYYY-MM-DD, YYYY-MM-DD]. The last day may equal the first.',
          examples: [['2026-11-26', '2026-11-29']],
        }),
        timezone: Shaped(
          'IANA time zone of the store, e.g. America/New_York (not an abbreviation like EST). Campaign windows are read in this time zone.',
          '^(UTC|[A-Za-z_]+(/[A-Za-z0-9_+-]+)+)$',
          'must be an IANA time zone like America/New_York',
          'America/New_York',
          { format: 'time-zone' },
        ),
      },
      { description: 'The holiday the store is getting ready for.', additionalProperties: false },
    ),
    people: Type.Object(
      {
        engineer: Person('The engineer on watch, who approves deploys during the code freeze.', { name: 'Dana Whitfield', slack: '@dana' }),
        client_rep: Person('Our contact person for the client.', { name: 'Sam Ortiz' }),
        slack_channel: Shaped(
          "Slack channel for the holiday, in quotes because # starts a comment in YAML: '#acme-holiday'.",
          '^#[a-z0-9][a-z0-9._-]*$',
          "must be a Slack channel like '#acme-holiday' (with #, lower case, no spaces)",
          '#acme-holiday',
        ),
        technical_lead: Type.Optional(Person('Optional. Next step of the escalation ladder after the engineer.', { name: 'Priya Natarajan' })),
        vp_engineering: Type.Optional(Person('Optional. Called when a problem costs revenue and the technical lead cannot be reached.', { name: 'Marcus Lee' })),
        cto: Type.Optional(Person('Optional. Called for outages that cost revenue.', { name: 'Elena Rossi' })),
        ceo: Type.Optional(Person('Optional. Last step of the escalation ladder.', { name: 'Tom Becker' })),
      },
      { description: 'Who to call. The escalation ladder in reports is built from these people, in this order.', additionalProperties: false },
    ),
    dry_run: Type.Optional(
      Type.Object(
        {
          concurrency: Type.Optional(Type.Integer({ description: 'How many carts are tried at the same time (1 to 16). Default 4.', minimum: 1, maximum: 16, default: 4 })),
          timeout_ms: Type.Optional(
            Type.Integer({ description: 'Milliseconds to wait for each request to the store before giving up (1000 to 600000). Default 15000.', minimum: 1000, maximum: 600000, default: 15000 }),
          ),
          retries: Type.Optional(Type.Integer({ description: 'How many times a failed request is retried (0 to 10). Default 2.', minimum: 0, maximum: 10, default: 2 })),
          moments: Type.Optional(
            Type.Array(
              Shaped(
                'before-start (one minute before the window), start (its first minute), end (its last minute), or a date-time like 2026-11-27T12:00 (local to holiday.timezone, or with an offset).',
                `^(${MOMENT_LABELS.join('|')}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})?)$`,
                'must be before-start, start, end or a date-time like 2026-11-27T12:00 (local to holiday.timezone)',
                'start',
                { format: 'moment' },
              ),
              {
                title: 'moments',
                description: "When each campaign is dry-run, by the staging store's signed clock (needs staging.clock_secret_env). Default all three labels.",
                examples: [[...MOMENT_LABELS]],
                minItems: 1,
                default: [...MOMENT_LABELS],
              },
            ),
          ),
        },
        { description: 'Optional. How hard the dry-run may push the staging store.', examples: [{ concurrency: 4 }], additionalProperties: false },
      ),
    ),
    audits: Type.Optional(
      Type.Object(
        {
          preset: Type.Optional(
            Words(['recommended', 'all', 'none'], {
              description: 'The set of audits to start from: recommended (default), all, or none (only those listed under rules).',
              default: 'recommended',
            }),
          ),
          rules: Type.Optional(
            Keyed(AUDIT_ID, 'is not an audit id — audit ids are lower-case words joined by dashes, like stock-on-hand', Rule, {
              description: 'Audit id -> off | warn | error, or [level, { options }]. warn is printed but does not fail the run; error fails it.',
              title: 'audit id: level pairs',
              examples: [{ catalog: ['error', { min_on_hand: 20 }], speed: 'warn' }],
            }),
          ),
        },
        {
          description: 'Optional. Which readiness audits run and how serious their findings are, eslint-style. Leave out for the recommended set.',
          examples: [{ preset: 'recommended', rules: { speed: 'warn' } }],
          additionalProperties: false,
        },
      ),
    ),
    storefront: Type.Optional(
      Type.Object(
        {
          preset: Type.Optional(
            Words(PRESET_NAMES, {
              description:
                "Which storefront the store runs, for every key below that the file leaves out: sandbox (this repository's sandbox storefront), solidus_frontend (Solidus's classic storefront engine, older stores) or starter (the solidus_starter_frontend templates, newer stores). Leave out to have it detected from the store's pages; the report says which one ran.",
              examples: ['solidus_frontend'],
            }),
          ),
          product_path: Type.Optional(
            Shaped(
              "Path of a product page, with {slug} where the product's slug goes (looked up by SKU through the API) or {sku} where the SKU goes. Default: the preset's, /products/{slug}.",
              '^/.*\\{(slug|sku)\\}',
              "must be a path starting with / and containing {slug} (the product's slug) or {sku}, like /products/{slug}",
              '/products/{slug}',
            ),
          ),
          cart_path: Type.Optional(Shaped("Path of the cart page. Default: the preset's, /cart.", '^/\\S*$', 'must be a path starting with /, like /cart', '/cart')),
          add_to_cart: Type.Optional(Selector('The add-to-cart button on a product page.', 'role=button[name="Add To Cart"]')),
          variant_field: Type.Optional(
            Selector('The size or colour choice on a product page (a select, or radio buttons), used for SKUs of variants like JKT-002-M.', 'css=[name="variant_id"]'),
          ),
          quantity_field: Type.Optional(Selector('The quantity field on a product page, used when a cart has more than one of a SKU.', 'label=Quantity')),
          coupon_field: Type.Optional(Selector('The field where a customer types a coupon code, on the cart page.', 'label=Coupon code')),
          apply_button: Type.Optional(Selector('The button that applies the coupon code.', 'role=button[name="Apply Code"]')),
          checkout_coupon_steps: Type.Optional(
            Type.Array(Words(CHECKOUT_COUPON_STEPS, { description: 'A checkout step: delivery or payment.' }), {
              description:
                "The checkout steps where the storefront shows a coupon field (checkout_coupon_field), for a cart's steps that enter a code there (`- { code: …, at: payment }`). A code at a step not listed is tried through the API only. Default: the preset's, [payment] on solidus_frontend and starter, none on sandbox.",
              uniqueItems: true,
              examples: [['payment']],
            }),
          ),
          checkout_coupon_field: Type.Optional(Selector('The coupon field at those checkout steps, when it is not the one of the cart page.', 'label=Coupon code')),
          checkout_apply_button: Type.Optional(Selector("The checkout coupon field's apply button.", 'role=button[name="Apply Code"]')),
          cart_line: Type.Optional(Selector("One line (item) of the cart page; a cart step's remove button and quantity field are looked for inside the line of its SKU.", 'css=tr.line-item')),
          line_quantity_field: Type.Optional(Selector("A cart line's quantity field, used by a cart's quantity steps.", 'label=Quantity')),
          remove_button: Type.Optional(Selector("A cart line's remove button or link, used by a cart's remove steps.", 'role=button[name="Remove"]')),
          update_button: Type.Optional(Selector("The cart page's button that sends the changed quantities.", 'role=button[name="Update cart"]')),
          message: Type.Optional(Selector('Where the store shows messages like "The coupon code was successfully applied".', 'css=.flash')),
          totals: Type.Optional(Selector('The order summary with the subtotal, promotions, shipping and total.', 'css=[data-hook="order-summary"]')),
          checkout_button: Type.Optional(Selector('The button that goes from the cart to checkout.', 'role=button[name="Checkout"]')),
          continue_button: Type.Optional(
            Selector('The button that saves a checkout step (address, delivery, payment) and goes to the next one.', 'role=button[name="Save and Continue"]'),
          ),
          place_order_button: Type.Optional(
            Selector('The button that places the order. The browser only looks for it, to know it reached the last step; it never clicks it.', 'role=button[name="Place Order"]'),
          ),
          guest_email_field: Type.Optional(
            Selector('On a "log in or check out as a guest" page, the guest form\'s e-mail field (never the login form\'s).', 'css=#checkout_form_registration input[type="email"]'),
          ),
          guest_continue_button: Type.Optional(
            Selector('The button that sends the guest form (the only form of that page the browser sends).', 'css=#checkout_form_registration [type="submit"]'),
          ),
          allowed_origins: Type.Optional(
            Type.Array(
              Shaped('An origin: scheme://host[:port], without a path.', '^[hH][tT][tT][pP][sS]?://[^/?#@*\\s]+/?$', 'must be an origin like https://cdn.example.com (scheme, host and an optional port)', 'https://cdn.example.com', {
                title: 'origin',
                format: 'origin',
              }),
              {
                description:
                  "Other origins the storefront's pages load images, scripts or fonts from (a CDN), as scheme://host[:port] without a path, e.g. https://cdn.example.com. The browser (browser dry-run and speed audit) only reads from them (GET, HEAD): writes to them are always refused, and so is every request to an origin not listed.",
                default: [],
                examples: [['https://cdn.example.com']],
              },
            ),
          ),
        },
        {
          description:
            "Optional. How the browser finds its way around the storefront: a preset (detected from the store's pages when left out), two paths, and selectors that are role=…, label=…, text= or css=… (scenarios/README.md, \"Selectors\"), each overriding the preset's. Leave out for a standard Solidus storefront.",
          examples: [{ preset: 'starter', add_to_cart: 'role=button[name="Add To Cart"]' }],
          additionalProperties: false,
        },
      ),
    ),
    campaigns: Type.Array(Campaign, { description: 'The promotions planned for the holiday. Each one is tried with its carts on staging.', minItems: 1 }),
  },
  {
    title: 'holiday-ready site file',
    description:
      'One client store: where its staging and production stores are, who is on watch over the holiday, and which promotion campaigns to dry-run. Start each site file with `# yaml-language-server: $schema=./schema.json` so your editor checks it as you type.',
    additionalProperties: false,
  },
);

/** The site file as written (snake_case keys, optional keys absent). */
export type SiteFile = Static<typeof SiteFileSchema>;
