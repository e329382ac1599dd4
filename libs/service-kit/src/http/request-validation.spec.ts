import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { createValidationPipe, RequestValidationException } from './request-validation';

class Line {
  @IsString()
  sku!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

class Basket {
  @IsString()
  owner!: string;

  @ValidateNested({ each: true })
  @Type(() => Line)
  lines!: Line[];
}

async function fieldsOf(value: unknown): Promise<{ path: string; messages: string[] }[]> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Basket });
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationException);
    return (error as RequestValidationException).fields;
  }
  throw new Error('validation passed');
}

describe('createValidationPipe', () => {
  it('reports nested fields by dotted path with array indexes', async () => {
    const fields = await fieldsOf({
      owner: 'u1',
      lines: [
        { sku: 'a', quantity: 1 },
        { sku: 'b', quantity: 0 },
      ],
    });
    expect(fields).toEqual([{ path: 'lines.1.quantity', messages: ['quantity must not be less than 1'] }]);
  });

  it('rejects unknown fields at any depth', async () => {
    const fields = await fieldsOf({ owner: 'u1', admin: true, lines: [{ sku: 'a', quantity: 1, discount: 5 }] });
    expect(fields.map((f) => f.path).sort()).toEqual(['admin', 'lines.0.discount']);
  });

  it('does not convert strings to numbers', async () => {
    const fields = await fieldsOf({ owner: 'u1', lines: [{ sku: 'a', quantity: '2' }] });
    expect(fields.map((f) => f.path)).toEqual(['lines.0.quantity']);
  });

  it('rejects an array or a missing body with one message saying a body must be an object', async () => {
    expect(await fieldsOf([{ owner: 'u1' }])).toEqual([{ path: 'body', messages: ['body must be a JSON object'] }]);
    expect(await fieldsOf(undefined)).toEqual([{ path: 'body', messages: ['body must be a JSON object'] }]);
  });

  it('names a missing field as missing, once, rather than every check it fails', async () => {
    expect(await fieldsOf({ lines: [{ sku: 'a', quantity: 1 }] })).toEqual([{ path: 'owner', messages: ['owner is required'] }]);
  });

  it('returns a DTO instance for a valid body', async () => {
    const value = await createValidationPipe().transform({ owner: 'u1', lines: [{ sku: 'a', quantity: 2 }] }, { type: 'body', metatype: Basket });
    expect(value).toBeInstanceOf(Basket);
    expect((value as Basket).lines[0]).toBeInstanceOf(Line);
  });
});
