-- Money in copper (see V8): what activities and notices say in numbers follows the ledger. An open shift pays its
-- wage in copper when it ends, and a stay cost what it cost; the notices' data says copper where it said gold.
UPDATE activities SET details = details
    || CASE WHEN details ? 'wage' THEN jsonb_build_object('wage', (details->>'wage')::bigint * 100) ELSE '{}'::jsonb END
    || CASE WHEN details ? 'wagePerHour' THEN jsonb_build_object('wagePerHour', (details->>'wagePerHour')::bigint * 100) ELSE '{}'::jsonb END
    || CASE WHEN details ? 'cost' THEN jsonb_build_object('cost', (details->>'cost')::bigint * 100) ELSE '{}'::jsonb END
  WHERE details ?| array['wage', 'wagePerHour', 'cost'];

UPDATE activities SET details = jsonb_set(details, '{encounter}',
    ((details->'encounter') - 'goldLost') || jsonb_build_object('coinLost', (details->'encounter'->>'goldLost')::bigint * 100))
  WHERE details->'encounter' ? 'goldLost';

UPDATE notices SET data = (data - 'gold') || jsonb_build_object('coin', (data->>'gold')::bigint * 100)
  WHERE kind = 'wages' AND data ? 'gold';
UPDATE notices SET data = (data - 'goldLost') || jsonb_build_object('coinLost', (data->>'goldLost')::bigint * 100)
  WHERE kind = 'encounter' AND data ? 'goldLost';
UPDATE notices SET data = (data - 'gold') || jsonb_build_object('total', (data->>'gold')::bigint * 100,
    'tax', (data->>'tax')::bigint * 100, 'unitPrice', (data->>'unitPrice')::numeric * 100)
  WHERE kind = 'receipt' AND data ? 'gold';
