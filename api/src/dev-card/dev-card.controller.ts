import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { DevCardService, VirtualCardStateDto } from './dev-card.service';

export class VirtualCardChoiceDto {
  @ApiProperty({ example: 'francoise' }) @IsString() @Matches(/^[a-z0-9-]{1,30}$/) identity: string;
  @ApiProperty({ enum: ['1.7', '1.8'] }) @IsIn(['1.7', '1.8']) generation: '1.7' | '1.8';
  @ApiPropertyOptional({ nullable: true, example: 'expired' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(30)
  defect?: string | null;
}

/** The demo's virtual card reader (development only; 404 elsewhere). Clerks use it from the desk page. */
@ApiTags('development')
@Controller('dev/virtual-card')
@Roles('clerk')
export class DevCardController {
  constructor(private readonly cards: DevCardService) {}

  @Get()
  state(): Promise<VirtualCardStateDto> {
    return this.cards.state();
  }

  @Put()
  insert(@Body() choice: VirtualCardChoiceDto): Promise<VirtualCardStateDto> {
    return this.cards.insert({ identity: choice.identity, generation: choice.generation, defect: choice.defect ?? null });
  }

  @Delete()
  remove(): Promise<VirtualCardStateDto> {
    return this.cards.remove();
  }
}
