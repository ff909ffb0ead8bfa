import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QUEUES, QueueName } from '@sesame/jobs';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class QueueCountsDto {
  @ApiProperty({ enum: QUEUES }) name: QueueName;
  @ApiProperty() waiting: number;
  @ApiProperty() active: number;
  @ApiProperty() delayed: number;
  @ApiProperty() failed: number;
  @ApiProperty() completed: number;
}

export class QueuesDto {
  @ApiProperty({ type: [QueueCountsDto] }) queues: QueueCountsDto[];
}

export class FailedJobDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() failedReason: string;
  @ApiProperty() attemptsMade: number;
  @ApiProperty() timestamp: number;
  @ApiProperty({ nullable: true }) finishedOn: number | null;
}

export class FailedJobsDto {
  @ApiProperty({ type: [FailedJobDto] }) items: FailedJobDto[];
  @ApiProperty() total: number;
}

export class QueueParams {
  @ApiProperty({ enum: QUEUES }) @IsIn(QUEUES) queue: QueueName;
}

export class JobParams extends QueueParams {
  @ApiProperty() @IsString() @MaxLength(100) @Matches(/^[\w:.-]+$/) id: string;
}

export class FailedJobsQueryDto {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
}
