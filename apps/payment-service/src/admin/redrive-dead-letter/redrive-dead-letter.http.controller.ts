import { Body, Controller, HttpCode, HttpStatus, Logger, NotFoundException, Post, UnprocessableEntityException, UseGuards } from '@nestjs/common';
import { Topics } from '@app/contracts';
import { DeadLetterService, deadLetterTopic, KafkaError, RedriveResult } from '@app/kafka';
import { AdminGuard } from '../admin.guard';
import { RedriveDeadLetterDto } from './redrive-dead-letter.dto';

/**
 * `POST /admin/dead-letters/redrive`: puts one dead letter back to the group that failed it (after the cause is
 * fixed, e.g. gateway bug mode turned off). 202: the message is queued again, not yet handled.
 */
@Controller('admin/dead-letters')
@UseGuards(AdminGuard)
export class RedriveDeadLetterHttpController {
  private readonly logger = new Logger(RedriveDeadLetterHttpController.name);

  constructor(private readonly deadLetters: DeadLetterService) {}

  @Post('redrive')
  @HttpCode(HttpStatus.ACCEPTED)
  async redrive(@Body() body: RedriveDeadLetterDto): Promise<RedriveResult> {
    const ref = { topic: body.topic ?? deadLetterTopic(Topics.OrderCreated), partition: body.partition, offset: body.offset };
    try {
      const result = await this.deadLetters.redrive(ref);
      this.logger.warn({ msg: `dead letter ${ref.topic}[${ref.partition}]@${ref.offset} redriven to group ${result.group}`, ...ref, result });
      return result;
    } catch (error) {
      if (error instanceof KafkaError && error.code === 'KAFKA.DEAD_LETTER_NOT_FOUND') throw new NotFoundException({ code: error.code, message: error.message });
      if (error instanceof KafkaError && error.code === 'KAFKA.NOT_A_DEAD_LETTER') throw new UnprocessableEntityException({ code: error.code, message: error.message });
      throw error;
    }
  }
}
