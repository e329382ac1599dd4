import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Body of `POST /admin/dead-letters/redrive`: where the dead letter is. */
export class RedriveDeadLetterDto {
  /** Default `order-created-dlq`, the only dead-letter topic the payment service writes to. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]{1,245}-dlq$/, { message: 'topic must be a dead-letter topic (<topic>-dlq)' })
  topic?: string;

  @IsInt()
  @Min(0)
  @Max(1_000_000)
  partition!: number;

  /** A number or a string of digits (offsets above 2^53 only fit in a string). */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value))
  @IsString({ message: 'offset must be a non-negative integer or a string of digits' })
  @Matches(/^\d{1,19}$/, { message: 'offset must be a non-negative integer or a string of digits' })
  offset!: string;
}
