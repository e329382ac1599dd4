import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsEntityId } from '../place-order/place-order.dto';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `GET /orders?userId=&limit=&cursor=` */
export class ListOrdersQuery {
  @IsEntityId()
  userId!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `$property must be at most ${MAX_PAGE_SIZE}` })
  limit?: number;

  /** `nextCursor` of the previous page. */
  @IsOptional()
  @IsString({ message: '$property must be a string' })
  @MaxLength(200, { message: '$property must be at most 200 characters' })
  @Matches(/^[A-Za-z0-9_-]+$/, { message: '$property must be a nextCursor from an earlier page' })
  cursor?: string;
}
